/**
 * Checks of hosts that make collection hard, each a real sshd from the rig: one that allows two
 * SSH sessions per connection (MaxSessions 2) and one that allows a single one, a systemctl that
 * prints garbage or cut-off JSON, a systemctl that hangs, a host without the sftp subsystem or
 * `ls`, and a host on a port other than 22 whose key changed.
 */
import { execFileSync } from 'node:child_process';
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Config, type HostSnapshot, checkReportSchema, parseConfig } from '@ai-sysadmin/core';
import { parseCommandLine } from '@ai-sysadmin/command-patterns';
import { RunnerPool } from '@ai-sysadmin/executor';
import { SYSTEMCTL_FAILED_ARGV, runCheck } from '@ai-sysadmin/orchestrator/health';
import { type SshHost, startSshHost, tempDir } from '../rig/index.js';
import { hangingPids, hangingStandIn, running } from '../helpers/host-processes.js';

const F = 'tests/fixtures';
const pidDir = tempDir('pids');
const failedUnits = {
  systemctl: {
    cases: [
      {
        args: '^list-units --failed',
        stdoutFile: `${F}/systemctl/list-units--failed_ubuntu-22.04_pager-truncated.txt`,
      },
    ],
  },
  journalctl: { cases: [{ args: '-p err', stdout: '' }] },
};

let twoSessions: SshHost;
let oneSession: SshHost;
let garbled: SshHost;
let cutJson: SshHost;
let hung: SshHost;
let noSftp: SshHost;
let moved: SshHost;
let hosts: SshHost[];
let knownHostsPath: string;
const pools: RunnerPool[] = [];

beforeAll(async () => {
  hosts = [
    (twoSessions = await startSshHost({ name: 'two-sessions', maxSessions: 2, standIns: failedUnits })),
    (oneSession = await startSshHost({ name: 'one-session', maxSessions: 1, standIns: failedUnits })),
    (garbled = await startSshHost({
      name: 'garbled',
      standIns: {
        // Control characters and text that is no unit list, with exit 0.
        systemctl: { stdout: '\x1b[31m\x07<<<~~ systemd internal error 0x7f ~~>>>\x1b[0m\nnot json, not a table\n' },
        journalctl: { stdout: '' },
      },
    })),
    (cutJson = await startSshHost({
      name: 'cut-json',
      standIns: {
        systemctl: { stdout: '[{"unit":"nginx.service","load":"loaded","active":"failed","sub":"fai' },
        journalctl: { stdout: '' },
      },
    })),
    (hung = await startSshHost({
      name: 'hung',
      standIns: { systemctl: hangingStandIn(pidDir, 'systemctl'), journalctl: { stdout: '' } },
    })),
    (noSftp = await startSshHost({
      name: 'no-sftp',
      sftp: false,
      // `ls` missing: the shell's answer for a program it cannot find.
      standIns: { ...failedUnits, ls: { stderr: 'sh: 1: ls: not found\n', exitCode: 127 } },
    })),
    (moved = await startSshHost({ name: 'moved' })),
  ];
  knownHostsPath = join(tempDir('known'), 'known_hosts');
  writeFileSync(knownHostsPath, `${hosts.map((h) => h.knownHostsLine()).join('\n')}\n`);
});

afterAll(async () => {
  await Promise.all(pools.map((p) => p.closeAll()));
  await Promise.all(hosts.map((h) => h.stop()));
});

function configFor(list: SshHost[]): Config {
  return parseConfig({
    stateDir: tempDir('state'),
    remoteSystems: list.map((h) => h.remoteSystem()),
    ssh: { ...list[0]!.sshConfig(), knownHostsPath, connectTimeoutSec: 5 },
  });
}

async function check(list: SshHost[], extra: Partial<Parameters<typeof runCheck>[0]> = {}) {
  const config = configFor(list);
  const pool = new RunnerPool(config);
  pools.push(pool);
  try {
    return await runCheck({ config, hosts: list.map((h) => h.name), runners: pool, ...extra });
  } finally {
    await pool.closeAll();
  }
}

/** Parts that could not be read for a reason other than the host not having them. */
function failedParts(snapshot: HostSnapshot): string[] {
  return Object.entries(snapshot.parts)
    .filter(([, p]) => p.status === 'unavailable' && p.cause !== 'absent')
    .map(([name, p]) => `${name}: ${p.status === 'unavailable' ? p.reason : ''}`);
}

describe('hosts that allow few SSH sessions', () => {
  it('checks every part of hosts with MaxSessions 2 and 1, and says what to raise', async () => {
    // One session at a time takes a while on this shared machine: the parts get room for it.
    const roomy = 15_000;
    const report = await check([twoSessions, oneSession], {
      budgets: {
        ...Object.fromEntries(
          ['os', 'cpu', 'memory', 'filesystems', 'network', 'uptime', 'processes', 'systemd'].map((p) => [p, roomy]),
        ),
      },
    });
    expect(checkReportSchema.parse(report)).toEqual(report);
    for (const snapshot of report.hosts) {
      expect(snapshot.status).toBe('up');
      expect(failedParts(snapshot)).toEqual([]);
      expect(snapshot.parts.systemd).toMatchObject({ status: 'ok', data: { failedUnits: [{}, {}] } });
    }
    // Both sshds refused sessions over their limit, and the report says so with what to change.
    expect(twoSessions.log()).toContain('no more sessions');
    expect(oneSession.log()).toContain('no more sessions');
    expect(report.notes).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^one-session allows only 1 SSH session per connection .*Raise MaxSessions in its sshd_config/,
        ),
        expect.stringMatching(/^two-sessions allows only [12] SSH sessions? per connection .*ssh\.maxChannelsPerHost/),
      ]),
    );
    expect(report.findings.filter((f) => f.rule === 'part-failed')).toEqual([]);
  });

  it('reads every file of the snapshot in one sftp session, and runs one session per program', async () => {
    const config = configFor([twoSessions]);
    const pool = new RunnerPool(config);
    pools.push(pool);
    let before = twoSessions.sessionsStarted();
    await runCheck({ config, hosts: [twoSessions.name], runners: pool });
    // sftp (every /proc, /sys and /etc file, both readings, statvfs of each mount), then ps,
    // systemctl, journalctl, nvidia-smi, rocm-smi and du: one program per session, as nothing
    // is handed to a shell.
    const nix = existsSync('/nix/store');
    expect(twoSessions.sessionsStarted() - before).toBe(nix ? 7 : 6);
    // The next check over the same connections (the daemon's) knows nvidia-smi and rocm-smi are
    // not installed, and the store's size is not an hour old: sftp, ps, systemctl, journalctl.
    before = twoSessions.sessionsStarted();
    await runCheck({ config, hosts: [twoSessions.name], runners: pool });
    expect(twoSessions.sessionsStarted() - before).toBe(4);
  });
});

describe('output that cannot be read', () => {
  it("turns systemctl's garbage into a warning that names it, never into 'no failed units'", async () => {
    const report = await check([garbled, cutJson]);
    const [g, c] = report.hosts;
    expect(g!.parts.systemd).toMatchObject({
      status: 'unavailable',
      cause: 'failed',
      reason: expect.stringMatching(
        /^systemctl printed what cannot be read as its output: it holds control characters \("\\x1b\[31m\\x07<<</,
      ),
    });
    expect(c!.parts.systemd).toMatchObject({
      status: 'unavailable',
      cause: 'failed',
      reason: expect.stringMatching(/^systemctl printed what cannot be read as its output: the JSON does not parse/),
    });
    expect(report.findings.filter((f) => f.rule === 'part-failed')).toEqual([
      expect.objectContaining({
        host: 'cut-json',
        subject: 'systemd',
        severity: 'warning',
        summary: expect.stringMatching(/^could not read systemd's unit list on cut-json: systemctl printed/),
      }),
      expect.objectContaining({
        host: 'garbled',
        subject: 'systemd',
        severity: 'warning',
        summary: expect.stringMatching(/^could not read systemd's unit list on garbled: systemctl printed/),
      }),
    ]);
    expect(garbled.calls('systemctl')).toContainEqual([...SYSTEMCTL_FAILED_ARGV.slice(1)]);
  });
});

describe('a command that hangs', () => {
  it('is stopped at its deadline and named, the rest of the host still arrives, and nothing is left running', async () => {
    const report = await check([hung], { budgets: { systemd: 2000 } });
    // Straight after the check returns: the hung systemctl and the sleep it started are gone.
    const pids = hangingPids(pidDir, 'systemctl');
    expect(pids.length).toBeGreaterThanOrEqual(2);
    expect(pids.filter(running)).toEqual([]);

    const [s] = report.hosts;
    expect(s!.parts.systemd).toMatchObject({
      status: 'unavailable',
      cause: 'timeout',
      reason: expect.stringContaining(
        '`systemctl list-units --failed --output=json --no-pager --plain --no-legend --full`',
      ),
    });
    // The journal still follows, and the Nix store (this machine's) is still measured.
    expect(s!.parts.journal).toMatchObject({ status: 'ok', data: { errorCount: 0 } });
    if (existsSync('/nix/store'))
      expect(s!.parts.nix).toMatchObject({ status: 'ok', data: { storeBytes: expect.any(Number) } });
    expect(report.findings).toContainEqual(
      expect.objectContaining({ rule: 'part-failed', subject: 'systemd', severity: 'warning' }),
    );
  });
});

describe('a host without sftp', () => {
  it('is read with commands instead, and a missing `ls` is said as such, never "/nix/store does not exist"', async () => {
    const report = await check([noSftp]);
    const [s] = report.hosts;
    for (const part of ['os', 'cpu', 'memory', 'network', 'uptime', 'filesystems', 'processes', 'systemd'] as const)
      expect(s!.parts[part].status).toBe('ok');
    expect(s!.parts.nix).toMatchObject({
      status: 'unavailable',
      cause: 'failed',
      reason: 'could not list /nix on no-sftp: ls is not installed',
    });
    expect(report.findings).toContainEqual(
      expect.objectContaining({
        rule: 'part-failed',
        subject: 'nix',
        summary: 'could not read the Nix store on no-sftp: could not list /nix on no-sftp: ls is not installed',
      }),
    );
  });
});

describe('a host on another port whose key changed', () => {
  it('is refused as a changed key (not "connection refused"), and the hint, run as given, clears the way', async () => {
    await moved.rotateHostKey();
    const first = await check([moved]);
    const down = first.hosts[0]!.down!;
    expect(down.code).toBe('HOST_KEY_CHANGED');
    expect(down.reason).toMatch(/has CHANGED/);
    expect(down.reason).not.toMatch(/connection refused/i);
    const removal = /remove its old entry: (.+)$/.exec(down.hint ?? '')?.[1];
    expect(removal).toBe(`ssh-keygen -R '[127.0.0.1]:${moved.port}' -f ${knownHostsPath}`);

    // The hint works as printed: the old entry goes, and the others stay.
    const [program, ...args] = parseCommandLine(removal!);
    execFileSync(program!, args, { stdio: 'pipe' });
    const remaining = readFileSync(knownHostsPath, 'utf8');
    expect(remaining).not.toContain(`[127.0.0.1]:${moved.port} `);
    expect(remaining).toContain(`[127.0.0.1]:${garbled.port} `);

    // Unknown now: the next hint adds the new key (its `>>` is the person's shell's, done here by hand).
    const second = await check([moved]);
    expect(second.hosts[0]!.down).toMatchObject({ code: 'HOST_KEY_UNKNOWN' });
    const add = /add it: (.+) >> (\S+)$/.exec(second.hosts[0]!.down!.hint ?? '');
    expect(add?.[2]).toBe(knownHostsPath);
    const [scan, ...scanArgs] = parseCommandLine(add![1]!);
    appendFileSync(
      knownHostsPath,
      execFileSync(scan!, scanArgs, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }),
    );
    expect((await check([moved])).hosts[0]!.status).toBe('up');
  });
});
