/**
 * Shapes that are never run, at any autonomy level, whatever the catalog or the config's
 * extraAllowedCommands say. They are checked first, on the raw argv, and conservatively: a word
 * that might be a stop verb or a critical unit counts as one.
 */
import { type CriticalUnitSettings, isAccessEndingTarget, matchCriticalUnit } from './critical-services.js';
import { normalisePath } from './normalise.js';
import { type SecretPathSettings, secretPathProblem } from './secret-paths.js';

export type ForbiddenContext = CriticalUnitSettings & SecretPathSettings;

const DESTRUCTIVE =
  /^(dd|shred|wipe|srm|wipefs|blkdiscard|mkfs(\..+)?|mke2fs|mkswap|mkdosfs|mkntfs|mkfs_.*|fdisk|sfdisk|cfdisk|gdisk|sgdisk|parted|zpool|zfs|lvremove|vgremove|pvremove|cryptsetup|hdparm|nvme|truncate)$/;
const PACKAGE_CHANGES =
  /^(nix-env|nix-channel|apt|apt-get|aptitude|dpkg|yum|dnf|rpm|pacman|zypper|apk|snap|flatpak|pip[0-9.]*|pipx|npm|gem|cargo|brew|emerge|xbps-install|nix-installer)$/;
const USER_CHANGES =
  /^(useradd|userdel|usermod|adduser|deluser|addgroup|delgroup|groupadd|groupdel|groupmod|gpasswd|passwd|chpasswd|chage|chsh|chfn|newusers|vipw|vigr|pwck|grpck|smbpasswd|htpasswd)$/;
/** Programs that run other programs or code the policy cannot see, including sudo smuggled in argv. */
const RUNS_OTHER_CODE =
  /^(sh|bash|dash|zsh|fish|ksh|mksh|csh|tcsh|rbash|busybox|toybox|env|sudo|su|doas|pkexec|run0|runuser|sg|newgrp|setpriv|capsh|setsid|nohup|nice|ionice|chrt|taskset|numactl|timeout|stdbuf|unbuffer|chroot|nsenter|unshare|xargs|parallel|watch|script|expect|flock|at|batch|crontab|exec|eval|command|builtin|time|strace|ltrace|gdb|valgrind|systemd-run|machinectl|firejail|bwrap|cgexec|python[0-9.]*|perl[0-9.]*|ruby[0-9.]*|node|nodejs|deno|bun|lua[0-9.]*|luajit|php[0-9.]*|tclsh|wish|guile|R|Rscript|julia|java|pwsh|awk|gawk|mawk|nawk|sed|nix-shell|nix-build|nix-instantiate|make|nc|ncat|netcat|socat|telnet)$/;
const EDITORS = /^(vi|vim|nvim|view|nano|pico|emacs|ed|ex|joe|micro|mcedit|sudoedit|visudo|vipw)$/;

/** Programs whose arguments can name a file they write. */
const WRITERS = new Set([
  'cp',
  'mv',
  'rm',
  'tee',
  'touch',
  'ln',
  'install',
  'chmod',
  'chown',
  'chgrp',
  'chattr',
  'setfacl',
  'patch',
  'mkdir',
  'rmdir',
  'unlink',
  'rename',
  'tar',
  'unzip',
  'cpio',
  'curl',
  'wget',
  'git',
  'sponge',
  'dd',
  'truncate',
]);
/** Where writing a file is editing the system: NixOS owns these, or they hold the system itself. */
const SYSTEM_ROOTS = [
  '/etc',
  '/boot',
  '/usr',
  '/bin',
  '/sbin',
  '/lib',
  '/lib32',
  '/lib64',
  '/libx32',
  '/nix',
  '/var/lib',
  '/var/spool/cron',
  '/root',
  '/run/current-system',
  '/run/booted-system',
  '/run/wrappers',
  '/proc',
  '/sys',
  '/dev',
];

const STOP_VERBS = new Set(['stop', 'disable', 'mask', 'kill', 'freeze', 'clean', 'try-stop']);
const START_VERBS = new Set([
  'start',
  'restart',
  'try-restart',
  'reload-or-restart',
  'try-reload-or-restart',
  'enable',
  'reenable',
]);
const ACCESS_ENDING_VERBS = new Set([
  'isolate',
  'rescue',
  'emergency',
  'default',
  'switch-root',
  'exit',
  'suspend',
  'hibernate',
  'hybrid-sleep',
  'suspend-then-hibernate',
  'sleep',
]);
const EDITING_VERBS = new Set([
  'edit',
  'set-property',
  'revert',
  'link',
  'preset',
  'preset-all',
  'set-default',
  'set-environment',
  'unset-environment',
  'import-environment',
  'add-wants',
  'add-requires',
]);
const FIND_ACTIONS_THAT_RUN_OR_WRITE = new Set([
  '-exec',
  '-execdir',
  '-ok',
  '-okdir',
  '-delete',
  '-fprint',
  '-fprint0',
  '-fprintf',
  '-fls',
]);

export function forbiddenReason(program: string, args: readonly string[], ctx: ForbiddenContext): string | undefined {
  return (
    programReason(program, args) ??
    systemdReason(program, args, ctx) ??
    killReason(program, args, ctx) ??
    findReason(program, args) ??
    removeReason(program, args) ??
    systemWriteReason(program, args) ??
    secretArgumentReason(args, ctx)
  );
}

function programReason(program: string, args: readonly string[]): string | undefined {
  if (DESTRUCTIVE.test(program))
    return `\`${program}\` destroys data on disks or file systems; destructive file operations are never run`;
  if (PACKAGE_CHANGES.test(program))
    return `\`${program}\` changes installed packages imperatively; change the NixOS configuration instead`;
  if (program === 'nix' && args.some((a) => a === 'profile'))
    return '`nix profile` changes installed packages imperatively; change the NixOS configuration instead';
  if (program === 'nix' && args.some((a) => ['run', 'shell', 'develop', 'repl', 'env'].includes(a)))
    return '`nix run/shell/develop` runs programs the policy cannot see';
  if (USER_CHANGES.test(program))
    return `\`${program}\` changes users, groups or passwords; that is never done by the assistant`;
  if (EDITORS.test(program))
    return `\`${program}\` edits files directly (and can run commands); system files are changed through the NixOS configuration`;
  if (RUNS_OTHER_CODE.test(program))
    return `\`${program}\` runs other programs or code the policy cannot see${program === 'sudo' || program === 'su' || program === 'doas' ? " (root is asked for with the action's sudo flag, never in the command)" : ''}`;
  return undefined;
}

function isStopLike(program: string, positionals: readonly string[]): boolean {
  return program === 'systemctl'
    ? positionals.some((p) => STOP_VERBS.has(p))
    : positionals.some((p) => ['stop', 'force-stop', 'kill'].includes(p));
}

function systemdReason(program: string, args: readonly string[], ctx: ForbiddenContext): string | undefined {
  if (program !== 'systemctl' && program !== 'service') return undefined;
  const positionals = args.filter((a) => !a.startsWith('-'));
  const access = positionals.find((p) => ACCESS_ENDING_VERBS.has(p));
  if (program === 'systemctl' && access)
    return `\`systemctl ${access}\` stops services the machine needs to stay reachable`;
  const editing = positionals.find((p) => EDITING_VERBS.has(p));
  if (program === 'systemctl' && editing)
    return `\`systemctl ${editing}\` edits unit files or system state directly; change the NixOS configuration instead`;
  if (
    isStopLike(program, positionals) ||
    (program === 'systemctl' && args.includes('--now') && positionals.includes('disable'))
  ) {
    const critical = positionals.map((p) => matchCriticalUnit(p, ctx)).find((m) => m !== undefined);
    if (critical)
      return `stopping, disabling, masking or killing ${critical.unit.raw} is forbidden: ${critical.because}`;
  }
  if (positionals.some((p) => START_VERBS.has(p))) {
    const target = positionals.find((p) => isAccessEndingTarget(p));
    if (target) return `starting ${target} would end remote access (rescue, emergency, halt or sleep)`;
  }
  return undefined;
}

function killReason(program: string, args: readonly string[], ctx: ForbiddenContext): string | undefined {
  if (!['kill', 'pkill', 'killall', 'skill'].includes(program)) return undefined;
  const operands = args.filter((a) => !/^-[A-Za-z0-9]+$/.test(a) || /^-\d+$/.test(a));
  if (operands.some((a) => a === '1' || a === '-1'))
    return `\`${program}\` of PID 1 or of every process would bring the system down`;
  const critical = operands.map((a) => matchCriticalUnit(a.replace(/^-/, ''), ctx)).find((m) => m !== undefined);
  if (critical) return `killing ${critical.unit.raw} is forbidden: ${critical.because}`;
  return undefined;
}

function findReason(program: string, args: readonly string[]): string | undefined {
  if (program !== 'find') return undefined;
  const action = args.find((a) => FIND_ACTIONS_THAT_RUN_OR_WRITE.has(a));
  return action ? `\`find ${action}\` runs a command or changes files for every match` : undefined;
}

function removeReason(program: string, args: readonly string[]): string | undefined {
  if (program !== 'rm') return undefined;
  const recursiveOrForced = args.some(
    (a) =>
      (/^-[A-Za-z]*[rRf]/.test(a) && !a.startsWith('--')) ||
      ['--recursive', '--force', '--no-preserve-root'].includes(a),
  );
  if (recursiveOrForced)
    return '`rm -r`/`rm -f` deletes recursively or without asking; destructive file operations are never run';
  if (args.some((a) => normalisePath(a) === '/')) return '`rm /` is never run';
  return undefined;
}

function systemWriteReason(program: string, args: readonly string[]): string | undefined {
  if (!WRITERS.has(program)) return undefined;
  for (const path of embeddedPaths(args)) {
    const normal = normalisePath(path);
    const root =
      normal && (normal === '/' ? '/' : SYSTEM_ROOTS.find((r) => normal === r || normal.startsWith(`${r}/`)));
    if (root)
      return `\`${program}\` would write to ${normal}, a system location (${root}); system files are changed through the NixOS configuration, never directly`;
  }
  return undefined;
}

function secretArgumentReason(args: readonly string[], ctx: ForbiddenContext): string | undefined {
  for (const arg of args) {
    if (arg === '..' || arg.startsWith('../') || arg.includes('/../') || arg.endsWith('/..'))
      return `the argument ${JSON.stringify(arg)} climbs out of a directory with ".." (path traversal is never followed)`;
  }
  for (const path of embeddedPaths(args)) {
    const normal = normalisePath(path);
    if (!normal) continue;
    const secret = secretPathProblem(normal, { ...ctx, worldWritable: false });
    if (secret) return `it names a secret: ${secret}`;
  }
  return undefined;
}

/**
 * Absolute paths inside arguments: the argument itself, the value of `--opt=/x`, `of=/x`, `@/x`,
 * an attached short-option value `-f/x`, and the path of a `file:///x` URL.
 */
export function embeddedPaths(args: readonly string[]): string[] {
  const paths: string[] = [];
  for (const arg of args) {
    for (let i = 0; i < arg.length; i++) {
      if (arg[i] !== '/') continue;
      const before = i === 0 ? '' : arg[i - 1]!;
      if (i === 0 || '=@:,\'"'.includes(before) || (i === 2 && arg[0] === '-')) {
        paths.push(arg.slice(i).split(',')[0]!);
      }
    }
  }
  return paths;
}
