/** Read-only views of the machine: memory, disks, processes, network state, hardware, GPUs. */
import type { OptionSpec, ProgramSpec } from '../catalog-types.js';

const flags = (...names: string[][]): OptionSpec[] => names.map((n) => ({ names: n }));

export const MONITORING: readonly ProgramSpec[] = [
  {
    program: 'free',
    category: 'monitoring',
    summary: 'memory and swap use',
    // -s/-c (repeat forever / N times) are left out: a report is one snapshot.
    options: flags(['-b', '--bytes'], ['-k', '--kibi'], ['-m', '--mebi'], ['-g', '--gibi'], ['--tebi'], ['--kilo'], ['--mega'], ['--giga'], ['--si'], ['-h', '--human'], ['-w', '--wide'], ['-t', '--total'], ['-l', '--lohi'], ['-v', '--committed']),
    shapes: [{ id: 'free', summary: 'show memory use', risk: 'read-only' }],
  },
  {
    program: 'df',
    category: 'monitoring',
    summary: 'file system space and inodes',
    options: [
      ...flags(['-h', '--human-readable'], ['-H', '--si'], ['-T', '--print-type'], ['-i', '--inodes'], ['-P', '--portability'], ['-l', '--local'], ['-k'], ['-a', '--all'], ['--total'], ['--sync'], ['--no-sync']),
      { names: ['--output'], value: 'field-list', optionalValue: true },
      { names: ['-x', '--exclude-type'], value: 'word' },
      { names: ['-t', '--type'], value: 'word' },
      { names: ['-B', '--block-size'], value: 'word' },
    ],
    shapes: [{ id: 'df', summary: 'show disk space', operands: [{ kind: 'meta-path', min: 0, max: 16 }], risk: 'read-only' }],
  },
  {
    program: 'du',
    category: 'monitoring',
    summary: 'space used under a directory',
    options: [
      ...flags(['-s', '--summarize'], ['-h', '--human-readable'], ['-c', '--total'], ['-x', '--one-file-system'], ['-a', '--all'], ['-b', '--bytes'], ['-k'], ['-m'], ['--apparent-size'], ['--si']),
      { names: ['-d', '--max-depth'], value: { kind: 'count', max: 10 } },
      { names: ['-t', '--threshold'], value: 'word' },
    ],
    shapes: [{ id: 'du', summary: 'show space used', operands: [{ kind: 'meta-path', min: 1, max: 16 }], risk: 'read-only' }],
  },
  {
    program: 'findmnt',
    category: 'monitoring',
    summary: 'mounted file systems',
    options: [
      ...flags(['-J', '--json'], ['-l', '--list'], ['-n', '--noheadings'], ['-D', '--df'], ['-r', '--raw'], ['-a', '--ascii'], ['-b', '--bytes']),
      { names: ['-o', '--output'], value: 'field-list' },
      { names: ['-t', '--types'], value: 'field-list' },
    ],
    shapes: [{ id: 'findmnt', summary: 'list mounts', operands: [{ kind: 'meta-path', min: 0, max: 1 }], risk: 'read-only' }],
  },
  {
    program: 'uptime',
    category: 'monitoring',
    summary: 'time since boot and load averages',
    options: flags(['-p', '--pretty'], ['-s', '--since']),
    shapes: [{ id: 'uptime', summary: 'show uptime and load', risk: 'read-only' }],
  },
  {
    program: 'ps',
    category: 'monitoring',
    summary: 'processes',
    options: [
      ...flags(['-e'], ['-A'], ['-f'], ['-F'], ['-l'], ['-y'], ['-H'], ['-w'], ['-a'], ['-x'], ['-j'], ['--forest'], ['--no-headers'], ['-L'], ['-T']),
      { names: ['-o', '--format'], value: 'field-list' },
      { names: ['-O'], value: 'field-list' },
      { names: ['--sort'], value: 'field-list' },
      { names: ['-p', '--pid'], value: 'pid-list' },
      { names: ['-u', '--user'], value: 'user-name' },
      { names: ['-C'], value: 'word' },
    ],
    // BSD-style words without a dash; `e` (which prints every process's environment) is not among them.
    shapes: [{ id: 'ps', summary: 'list processes', operands: [{ kind: { oneOf: ['aux', 'auxf', 'auxww', 'auxw', 'axu', 'ax', 'axf', 'a', 'x', 'ux', 'u'] }, min: 0, max: 1 }], risk: 'read-only' }],
  },
  {
    program: 'top',
    category: 'monitoring',
    summary: 'processes by CPU or memory, in batch mode',
    options: [
      ...flags(['-b'], ['-c'], ['-H'], ['-i'], ['-S'], ['-1'], ['-E'], ['-w']),
      { names: ['-n'], value: { kind: 'count', min: 1, max: 10 } },
      { names: ['-d'], value: { kind: 'number', max: 10 } },
      { names: ['-o'], value: 'word' },
      { names: ['-p'], value: 'pid-list' },
      { names: ['-u', '-U'], value: 'user-name' },
    ],
    // Without -b and -n top is interactive and never ends.
    shapes: [{ id: 'top', summary: 'one batch snapshot of processes', requires: [['-b'], ['-n']], risk: 'read-only' }],
  },
  {
    program: 'vmstat',
    category: 'monitoring',
    summary: 'memory, swap, I/O and CPU activity',
    options: flags(['-a', '--active'], ['-s', '--stats'], ['-d', '--disk'], ['-w', '--wide'], ['-t', '--timestamp'], ['-S', '--unit']).map((o) => (o.names[0] === '-S' ? { names: o.names, value: { oneOf: ['k', 'K', 'm', 'M'] } } : o)),
    shapes: [{ id: 'vmstat', summary: 'activity samples', operands: [{ kind: { kind: 'count', min: 1, max: 10 }, min: 0, max: 2 }], risk: 'read-only' }],
  },
  {
    program: 'ip',
    category: 'monitoring',
    summary: 'addresses, links, routes and neighbours',
    optionStyle: 'words',
    options: flags(['-4'], ['-6'], ['-s', '-stats', '-statistics'], ['-d', '-details'], ['-j', '-json'], ['-p', '-pretty'], ['-br', '-brief'], ['-o', '-oneline']),
    shapes: [
      {
        id: 'ip show',
        summary: 'show network state',
        words: [['addr', 'address', 'a', 'link', 'l', 'route', 'r', 'ro', 'neigh', 'neighbour', 'n', 'rule', 'maddr']],
        operands: [
          { kind: { oneOf: ['show', 'list', 'ls', 's'] }, min: 0, max: 1 },
          { kind: { oneOf: ['dev'] }, min: 0, max: 1 },
          { kind: 'interface', min: 0, max: 1 },
        ],
        risk: 'read-only',
      },
    ],
  },
  {
    program: 'ss',
    category: 'monitoring',
    summary: 'sockets',
    // -K (kill sockets), -D (dump to a file) and -F (read a filter file) are left out.
    options: flags(['-t', '--tcp'], ['-u', '--udp'], ['-l', '--listening'], ['-n', '--numeric'], ['-p', '--processes'], ['-a', '--all'], ['-x', '--unix'], ['-s', '--summary'], ['-4', '--ipv4'], ['-6', '--ipv6'], ['-e', '--extended'], ['-i', '--info'], ['-m', '--memory'], ['-o', '--options'], ['-H', '--no-header'], ['-O', '--oneline'], ['-w', '--raw'], ['-r', '--resolve']),
    shapes: [{ id: 'ss', summary: 'list sockets', operands: [{ kind: 'word', min: 0, max: 16 }], risk: 'read-only' }],
  },
  {
    program: 'lsof',
    category: 'monitoring',
    summary: 'open files and sockets',
    options: [
      ...flags(['-n'], ['-P'], ['-t'], ['-a'], ['-l']),
      { names: ['-i'], value: 'word', optionalValue: true },
      { names: ['-p'], value: 'pid-list' },
      { names: ['-u'], value: 'user-name' },
      { names: ['-c'], value: 'word' },
    ],
    shapes: [{ id: 'lsof', summary: 'list open files', operands: [{ kind: 'meta-path', min: 0, max: 4 }], risk: 'read-only' }],
  },
  {
    program: 'lscpu',
    category: 'monitoring',
    summary: 'CPU architecture',
    options: [
      ...flags(['-J', '--json'], ['-x', '--hex'], ['-a', '--all'], ['-b', '--online'], ['-c', '--offline'], ['-y', '--physical']),
      { names: ['-e', '--extended'], value: 'field-list', optionalValue: true },
      { names: ['-p', '--parse'], value: 'field-list', optionalValue: true },
    ],
    shapes: [{ id: 'lscpu', summary: 'show CPUs', risk: 'read-only' }],
  },
  {
    program: 'lspci',
    category: 'monitoring',
    summary: 'PCI devices',
    options: [
      ...flags(['-v'], ['-k'], ['-n'], ['-t'], ['-D'], ['-m'], ['-x'], ['-P'], ['-q']),
      { names: ['-s'], value: 'word' },
      { names: ['-d'], value: 'word' },
    ],
    shapes: [{ id: 'lspci', summary: 'list PCI devices', risk: 'read-only' }],
  },
  {
    program: 'lsblk',
    category: 'monitoring',
    summary: 'block devices',
    options: [
      ...flags(['-a', '--all'], ['-b', '--bytes'], ['-d', '--nodeps'], ['-f', '--fs'], ['-J', '--json'], ['-l', '--list'], ['-m', '--perms'], ['-n', '--noheadings'], ['-p', '--paths'], ['-P', '--pairs'], ['-r', '--raw'], ['-S', '--scsi'], ['-t', '--topology'], ['-O', '--output-all'], ['-z', '--zoned']),
      { names: ['-o', '--output'], value: 'field-list' },
      { names: ['-x', '--sort'], value: 'word' },
      { names: ['-e', '--exclude'], value: 'field-list' },
    ],
    shapes: [{ id: 'lsblk', summary: 'list block devices', operands: [{ kind: 'meta-path', min: 0, max: 8 }], risk: 'read-only' }],
  },
  {
    program: 'lshw',
    category: 'monitoring',
    summary: 'hardware inventory',
    optionStyle: 'words',
    // -dump (writes a database file), -enable and -disable are left out.
    options: [...flags(['-short'], ['-businfo'], ['-json'], ['-xml'], ['-html'], ['-numeric'], ['-quiet'], ['-sanitize'], ['-notime']), { names: ['-class', '-C', '-c'], value: 'word' }],
    shapes: [{ id: 'lshw', summary: 'list hardware', risk: 'read-only' }],
  },
  {
    program: 'dmidecode',
    category: 'monitoring',
    summary: 'firmware tables (model, serial, memory slots)',
    // --dump-bin (writes a file), --from-dump and --dev-mem (read another file) are left out.
    options: [...flags(['-q', '--quiet'], ['-u', '--dump'], ['--no-sysfs']), { names: ['-t', '--type'], value: 'word' }, { names: ['-s', '--string'], value: 'word' }],
    shapes: [{ id: 'dmidecode', summary: 'show firmware tables', risk: 'read-only' }],
  },
  {
    program: 'lsusb',
    category: 'monitoring',
    summary: 'USB devices',
    options: [...flags(['-v', '--verbose'], ['-t', '--tree']), { names: ['-s'], value: 'word' }, { names: ['-d'], value: 'word' }],
    shapes: [{ id: 'lsusb', summary: 'list USB devices', risk: 'read-only' }],
  },
  {
    program: 'sensors',
    category: 'monitoring',
    summary: 'temperatures, fans and voltages',
    // -s (set limits) and -c (another config file) are left out.
    options: flags(['-A', '--no-adapter'], ['-u'], ['-j'], ['-f', '--fahrenheit']),
    shapes: [{ id: 'sensors', summary: 'show sensor readings', operands: [{ kind: 'word', min: 0, max: 4 }], risk: 'read-only' }],
  },
  {
    program: 'nvidia-smi',
    category: 'monitoring',
    summary: 'NVIDIA GPU state',
    // Loops (-l, -lms), files (-f), resets (-r) and every setter (-pm, -pl, -ac, -e, -c, ...) are left out.
    options: [
      ...flags(['-L', '--list-gpus'], ['-q', '--query'], ['-x', '--xml-format']),
      { names: ['-d', '--display'], value: 'field-list' },
      { names: ['-i', '--id'], value: 'word' },
      { names: ['--query-gpu'], value: 'field-list' },
      { names: ['--query-compute-apps'], value: 'field-list' },
      { names: ['--format'], value: 'field-list' },
    ],
    shapes: [{ id: 'nvidia-smi', summary: 'show GPU state', risk: 'read-only' }],
  },
  {
    program: 'rocm-smi',
    category: 'monitoring',
    summary: 'AMD GPU state',
    options: [
      ...flags(['--showuse', '-u'], ['--showtemp', '-t'], ['--showpower', '-P'], ['--showmemuse'], ['--showproductname'], ['--showdriverversion'], ['--showhw'], ['--showbus'], ['--showfan', '-f'], ['--showclocks', '-c'], ['--showvoltage'], ['--showpids'], ['--showallinfo', '-a'], ['--showid', '-i'], ['--json'], ['--csv']),
      { names: ['--showmeminfo'], value: { oneOf: ['vram', 'vis_vram', 'gtt', 'all'] } },
    ],
    shapes: [{ id: 'rocm-smi', summary: 'show GPU state', risk: 'read-only' }],
  },
  {
    program: 'dmesg',
    category: 'monitoring',
    summary: 'kernel messages',
    // -C/-c (clear), -D/-E (console), -n (level), -w (follow) and -H (pager) are left out.
    options: [...flags(['-T', '--ctime'], ['-x', '--decode'], ['-k', '--kernel'], ['-t', '--notime'], ['-r', '--raw'], ['-u', '--userspace']), { names: ['-l', '--level'], value: 'field-list' }, { names: ['--time-format'], value: 'word' }],
    shapes: [{ id: 'dmesg', summary: 'show kernel messages', risk: 'read-only' }],
  },
  {
    program: 'uname',
    category: 'monitoring',
    summary: 'kernel name and version',
    options: flags(['-a', '--all'], ['-s'], ['-r'], ['-m'], ['-n'], ['-v'], ['-o'], ['-p'], ['-i']),
    shapes: [{ id: 'uname', summary: 'show the kernel', risk: 'read-only' }],
  },
  {
    program: 'hostname',
    category: 'monitoring',
    summary: 'host name (an operand would set it: none allowed)',
    options: flags(['-f', '--fqdn'], ['-s', '--short'], ['-d', '--domain'], ['-I', '--all-ip-addresses'], ['-i', '--ip-address']),
    shapes: [{ id: 'hostname', summary: 'show the host name', risk: 'read-only' }],
  },
  {
    program: 'nproc',
    category: 'monitoring',
    summary: 'number of CPUs',
    options: flags(['--all']),
    shapes: [{ id: 'nproc', summary: 'count CPUs', risk: 'read-only' }],
  },
  {
    program: 'lsmod',
    category: 'monitoring',
    summary: 'loaded kernel modules',
    shapes: [{ id: 'lsmod', summary: 'list kernel modules', risk: 'read-only' }],
  },
  {
    program: 'who',
    category: 'monitoring',
    summary: 'logged-in users',
    options: flags(['-a', '--all'], ['-b', '--boot'], ['-q', '--count'], ['-H', '--heading'], ['-u', '--users']),
    shapes: [{ id: 'who', summary: 'list logged-in users', risk: 'read-only' }],
  },
  {
    program: 'w',
    category: 'monitoring',
    summary: 'logged-in users and what they run',
    options: flags(['-h', '--no-header'], ['-s', '--short'], ['-i', '--ip-addr']),
    shapes: [{ id: 'w', summary: 'list users and load', operands: [{ kind: 'user-name', min: 0, max: 1 }], risk: 'read-only' }],
  },
  {
    program: 'last',
    category: 'monitoring',
    summary: 'recent logins and reboots',
    options: [...flags(['-x', '--system'], ['-F', '--fulltimes'], ['-i', '--ip'], ['-w', '--fullnames']), { names: ['-n', '--limit'], value: { kind: 'count', max: 1000 } }],
    shapes: [{ id: 'last', summary: 'list recent logins', operands: [{ kind: 'user-name', min: 0, max: 2 }], risk: 'read-only' }],
  },
  {
    program: 'timedatectl',
    category: 'monitoring',
    summary: 'clock and time synchronisation',
    options: flags(['--no-pager'], ['-a', '--all'], ['-p', '--property']).map((o) => (o.names[0] === '-p' ? { names: o.names, value: 'word' as const } : o)),
    shapes: [{ id: 'timedatectl status', summary: 'show the clock', words: [['status', 'show', 'show-timesync', 'timesync-status']], risk: 'read-only' }],
  },
  {
    program: 'hostnamectl',
    category: 'monitoring',
    summary: 'host name and OS',
    options: flags(['--no-pager'], ['--json']).map((o) => (o.names[0] === '--json' ? { names: o.names, value: { oneOf: ['short', 'pretty', 'off'] } } : o)),
    shapes: [{ id: 'hostnamectl status', summary: 'show host identity', words: [['status']], risk: 'read-only' }],
  },
  {
    program: 'systemd-analyze',
    category: 'monitoring',
    summary: 'boot time and unit start times',
    options: flags(['--no-pager']),
    shapes: [
      { id: 'systemd-analyze', summary: 'show boot timing', words: [['time', 'blame']], risk: 'read-only' },
      { id: 'systemd-analyze critical-chain', summary: 'show the critical chain of a unit', words: ['critical-chain'], operands: [{ kind: 'unit', min: 0, max: 4 }], risk: 'read-only' },
    ],
  },
];
