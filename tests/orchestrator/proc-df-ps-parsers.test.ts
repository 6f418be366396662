/** /proc files, df and ps, against recorded outputs (some captured on this project's machine; see their sidecars). */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  busyPct,
  parseDf,
  parseDuKib,
  parseLoadavg,
  parseMeminfo,
  parseNetDev,
  parseProcStat,
  parsePs,
  parseSystemdTimestamp,
  parseSystemGeneration,
  parseUptime,
  parseVmstat,
  splitGrepOutput,
} from '@ai-sysadmin/orchestrator';
import { fixture } from '../helpers/fixtures.js';

describe('/proc parsers', () => {
  it('reads load averages', () => {
    expect(parseLoadavg(fixture('proc/proc-loadavg_node-exporter-fixture.txt'))).toEqual({
      one: 0.21,
      five: 0.37,
      fifteen: 0.39,
    });
    expect(parseLoadavg(fixture('proc/proc-loadavg_jc-linux-proc.txt'))).toEqual({ one: 0, five: 0.01, fifteen: 0.03 });
  });

  it('reads memory past the legacy header lines of old kernels, with MemAvailable where the kernel has it', () => {
    const legacy = parseMeminfo(fixture('proc/proc-meminfo_gopsutil-issue1002-legacy-header.txt'));
    expect(legacy.totalBytes).toBe(254472 * 1024);
    expect(legacy.availableBytes).toBe(
      Number(/MemAvailable:\s+(\d+)/.exec(fixture('proc/proc-meminfo_gopsutil-issue1002-legacy-header.txt'))![1]) *
        1024,
    );
  });

  it('estimates available memory as free + buffers + cached where MemAvailable is missing', () => {
    const text = fixture('proc/proc-meminfo_node-exporter-fixture.txt');
    expect(text).not.toContain('MemAvailable');
    expect(parseMeminfo(text)).toEqual({
      totalBytes: 3742148 * 1024,
      availableBytes: (225472 + 22040 + 930888) * 1024,
      swapTotalBytes: 4194300 * 1024,
      swapFreeBytes: 3155360 * 1024,
    });
  });

  it('reads /proc/stat per core, and a busy share between two readings', () => {
    const stat = parseProcStat(fixture('proc/proc-stat_debian12-2core.txt'));
    expect(stat.cores).toHaveLength(2);
    expect(stat.all.total).toBeGreaterThan(stat.all.busy);
    expect(busyPct({ busy: 100, total: 1000 }, { busy: 150, total: 1100 })).toBe(50);
    expect(busyPct({ busy: 1, total: 10 }, { busy: 1, total: 10 })).toBeNull();
  });

  it('keeps a busy share within 0-100 whatever the counters (property)', () => {
    const times = fc.record({ busy: fc.nat(1e9), total: fc.nat(1e9) });
    fc.assert(
      fc.property(times, times, (a, b) => {
        const pct = busyPct(a, b);
        return pct === null || (pct >= 0 && pct <= 100);
      }),
    );
  });

  it('reads swap counters, uptime and network counters captured on this machine', () => {
    expect(parseVmstat(fixture('proc/proc-vmstat_debian12.txt'))).toEqual({
      pagesIn: expect.any(Number),
      pagesOut: expect.any(Number),
    });
    expect(parseUptime(fixture('proc/proc-uptime_debian12.txt'))).toBeGreaterThan(0);
    const interfaces = parseNetDev(fixture('proc/proc-net-dev_debian12.txt'));
    expect(interfaces.map((i) => i.name)).toContain('lo');
    const lo = interfaces.find((i) => i.name === 'lo')!;
    expect(lo.rxBytes).toBe(lo.txBytes);
  });
});

describe('parseDf', () => {
  it('reads the exact listing the collector asks for (df -P -k -T -l, captured here)', () => {
    const rows = parseDf(fixture('df/df-PkTl_debian12.txt'));
    expect(rows.find((r) => r.mount === '/')).toEqual({
      device: '/dev/vda',
      type: 'ext4',
      mount: '/',
      total: 264212084,
      used: 26732032,
      available: 79658880,
    });
    expect(parseDf(fixture('df/df-PiTl_debian12.txt')).find((r) => r.mount === '/')).toMatchObject({
      total: 16777216,
      used: 443096,
    });
  });

  it('reads df without -T, with -PT and long names, and "-" for a pseudo filesystem', () => {
    const plain = parseDf(fixture('df/df_ubuntu-18.04.txt'));
    expect(plain.find((r) => r.mount === '/')).toEqual({
      device: '/dev/sda2',
      type: null,
      mount: '/',
      total: 20508240,
      used: 5748028,
      available: 13695408,
    });
    const long = parseDf(fixture('df/df-PT_long-filesystem-name.txt'));
    expect(long[0]).toMatchObject({ device: '/dev/mapper/VolGroup00-LogVol00', type: 'ext3', mount: '/' });
    expect(long.find((r) => r.mount === '/proc')).toMatchObject({ total: 0 });
  });

  it('joins a long device name that GNU df put on a line of its own', () => {
    const rows = parseDf(
      'Filesystem 1K-blocks Used Available Use% Mounted on\n/dev/mapper/a-very-long-volume-name\n  100 50 50 50% /data\n',
    );
    expect(rows).toEqual([
      {
        device: '/dev/mapper/a-very-long-volume-name',
        type: null,
        mount: '/data',
        total: 100,
        used: 50,
        available: 50,
      },
    ]);
  });

  it('refuses human-readable sizes, saying why', () => {
    expect(() => parseDf(fixture('df/df-h_ubuntu-18.04.txt'))).toThrow(/-h/);
  });
});

describe('parsePs', () => {
  it('reads the processes of this machine (captured here), program names only', () => {
    const list = parsePs(fixture('proc/ps_debian12.txt'));
    expect(list.length).toBeGreaterThan(10);
    expect(list[0]).toMatchObject({ pid: 1, user: 'root' });
    for (const p of list) expect(p.name).not.toMatch(/^\s|\s$/);
  });

  it('keeps spaces inside a program name', () => {
    expect(parsePs('  42 alice  1.5  0.3  2048 Web Content\n')).toEqual([
      { pid: 42, user: 'alice', cpuPct: 1.5, memPct: 0.3, rssBytes: 2048 * 1024, name: 'Web Content' },
    ]);
  });
});

describe('Nix outputs', () => {
  it("reads du, the system generation and nix-gc's last run", () => {
    expect(parseDuKib('52428800\t/nix/store\n')).toBe(52428800 * 1024);
    expect(parseSystemGeneration('system-412-link\n')).toBe(412);
    expect(parseSystemGeneration('/nix/store/abc-nixos-system\n')).toBeNull();
    expect(parseSystemdTimestamp('ExecMainExitTimestamp=Sun 2024-01-07 03:15:01 UTC\n')).toBe(
      '2024-01-07T03:15:01.000Z',
    );
    expect(parseSystemdTimestamp('ExecMainExitTimestamp=Sun 2024-01-07 04:15:01 +0100\n')).toBe(
      '2024-01-07T03:15:01.000Z',
    );
    expect(parseSystemdTimestamp('ExecMainExitTimestamp=\n')).toBeNull();
    // A zone abbreviation is ambiguous: no time rather than a wrong one.
    expect(parseSystemdTimestamp('ExecMainExitTimestamp=Sun 2024-01-07 04:15:01 CET\n')).toBeNull();
  });
});

describe('splitGrepOutput (reading many files over SSH in one grep)', () => {
  it('gives each file its lines back, the longest matching path winning', () => {
    const out = '/proc/stat:cpu 1 2 3 4\n/proc/stat:cpu0 1 2 3 4\n/proc/stat2:x\n/proc/uptime:12.5 3.0\n';
    const files = splitGrepOutput(out, ['/proc/stat', '/proc/stat2', '/proc/uptime', '/proc/missing']);
    expect(files.get('/proc/stat')).toBe('cpu 1 2 3 4\ncpu0 1 2 3 4\n');
    expect(files.get('/proc/stat2')).toBe('x\n');
    expect(files.get('/proc/uptime')).toBe('12.5 3.0\n');
    expect(files.has('/proc/missing')).toBe(false);
  });
});
