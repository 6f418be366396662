/**
 * Checks of managed hosts over SSH, against real sshd hosts from the rig whose systemctl,
 * journalctl, nvidia-smi, rocm-smi and df are stand-ins replaying recorded outputs: a sick host
 * (failed units, a full disk, a hot GPU), a host with systemd's JSON output and AMD cards, a
 * host whose sshd is stopped, one that accepts TCP and never answers, one whose host key changed.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkReportSchema, parseConfig, type Config } from '@ai-sysadmin/core';
import { RunnerPool } from '@ai-sysadmin/executor';
// The subpath `check` loads, so the test covers what ships.
import { CheckStateStore, DF_ARGV, SYSTEMCTL_FAILED_ARGV, runCheck } from '@ai-sysadmin/orchestrator/health';
import { type SshHost, type StandInSpec, type Tarpit, startSshHost, startTarpit, tempDir } from '../rig/index.js';

const F = 'tests/fixtures';
const sickStandIns: Record<string, StandInSpec> = {
  systemctl: {
    cases: [
      {
        args: '^list-units --failed',
        stdoutFile: `${F}/systemctl/list-units--failed_ubuntu-22.04_pager-truncated.txt`,
      },
    ],
  },
  journalctl: { cases: [{ args: '-p err', stdoutFile: `${F}/journalctl/journal_arch-2013_p-err_o-json.jsonl` }] },
  'nvidia-smi': {
    cases: [
      { args: '--query-gpu=', stdoutFile: `${F}/nvidia-smi/linux-x86_64_nvidia-l40s_595.80_idle_query-gpu-csv.csv` },
    ],
  },
  df: { cases: [{ args: '--output=', stdoutFile: `${F}/df/df-kl-output_full-root.synthetic.txt` }] },
};
const amdStandIns: Record<string, StandInSpec> = {
  systemctl: {
    cases: [
      { args: '^list-units --failed', stdoutFile: `${F}/systemctl/list-units--failed_output-json.synthetic.json` },
    ],
  },
  journalctl: { cases: [{ args: '-p err', stdout: '' }] },
  'rocm-smi': { cases: [{ args: '--json', stdoutFile: `${F}/rocm-smi/json_mi100_rocm602.json` }] },
};

/** Rules on figures the rig's hosts read from this very machine, whatever load the tests run under. */
const LIVE_RULES = new Set(['sustained-load', 'memory-pressure', 'swap-usage', 'swap-thrash']);

let sick: SshHost;
let amd: SshHost;
let stopped: SshHost;
let rekeyed: SshHost;
let slow: SshHost;
let tarpit: Tarpit;
let knownHostsPath: string;
const pools: RunnerPool[] = [];

beforeAll(async () => {
  [sick, amd, stopped, rekeyed, slow] = await Promise.all([
    // statvfs denied: the full disk is the df stand-in's.
    startSshHost({ name: 'sick', standIns: sickStandIns, statvfs: false }),
    startSshHost({ name: 'amd', standIns: amdStandIns }),
    startSshHost({ name: 'stopped' }),
    startSshHost({ name: 'rekeyed' }),
    startSshHost({ name: 'slow', standIns: { df: { sleepSec: 30, stdout: 'never\n' } }, statvfs: false }),
  ]);
  tarpit = await startTarpit();
  knownHostsPath = join(tempDir('known'), 'known_hosts');
  writeFileSync(knownHostsPath, `${[sick, amd, stopped, rekeyed, slow].map((h) => h.knownHostsLine()).join('\n')}\n`);
  await stopped.stop();
  await rekeyed.rotateHostKey();
});

afterAll(async () => {
  await Promise.all(pools.map((p) => p.closeAll()));
  await Promise.all([sick, amd, stopped, rekeyed, slow].map((h) => h?.stop()));
  await tarpit?.stop();
});

function configFor(hosts: Array<{ name: string; address: string; port: number }>, extra: object = {}): Config {
  return parseConfig({
    stateDir: tempDir('state'),
    remoteSystems: hosts.map((h) => ({ name: h.name, address: h.address, port: h.port, user: 'root' })),
    ssh: { ...sick.sshConfig(), knownHostsPath, connectTimeoutSec: 2 },
    // loadPerCore: the rig hosts read this machine's /proc, loaded by every test beside this one.
    thresholds: { gpuTemperatureC: { warn: 55, critical: 60 }, loadPerCore: { warn: 1000, critical: 2000 } },
    ...extra,
  });
}

async function check(config: Config, hosts: string[], extra: Partial<Parameters<typeof runCheck>[0]> = {}) {
  const pool = new RunnerPool(config);
  pools.push(pool);
  try {
    return await runCheck({ config, hosts, runners: pool, ...extra });
  } finally {
    await pool.closeAll();
  }
}

function acceptedLogins(h: SshHost): number {
  return (h.log().match(/Accepted publickey/g) ?? []).length;
}

describe('remote check', () => {
  it('finds the failed units, the full disk and the hot GPU of a sick host, over one connection', async () => {
    const config = configFor([sick]);
    const before = acceptedLogins(sick);
    const report = await check(config, ['sick']);
    expect(checkReportSchema.parse(report)).toEqual(report);
    expect(acceptedLogins(sick) - before).toBe(1);

    const [s] = report.hosts;
    expect(s).toMatchObject({ host: 'sick', status: 'up', address: `127.0.0.1:${sick.port}` });
    expect(s!.parts.os).toMatchObject({ status: 'ok', data: { family: 'debian' } });
    expect(s!.parts.systemd).toMatchObject({ status: 'ok', data: { format: 'text' } });
    expect(s!.parts.journal).toMatchObject({
      status: 'ok',
      data: {
        errorCount: 2,
        topSources: [
          { source: 'kernel', count: 1 },
          { source: 'systemd-udevd', count: 1 },
        ],
      },
    });
    expect(s!.parts.gpus).toMatchObject({
      status: 'ok',
      data: { sources: ['nvidia-smi'], gpus: [{ name: 'NVIDIA L40S', temperatureC: 63 }] },
    });
    expect(s!.parts.filesystems.status === 'ok' && s!.parts.filesystems.data.map((f) => f.mount)).toEqual([
      '/dev/shm',
      '/',
      '/boot',
    ]);

    // (Load and memory are this machine's own, which the rig's hosts share: left out.)
    expect(report.findings.filter((f) => !LIVE_RULES.has(f.rule)).map((f) => [f.severity, f.rule, f.subject])).toEqual([
      ['critical', 'disk-usage', '/'],
      ['critical', 'gpu-temperature', 'nvidia:0'],
      ['critical', 'inode-usage', '/'],
      ['warning', 'failed-unit', 'casper-md5check.service'],
      ['warning', 'failed-unit', 'networking.service'],
    ]);
    expect(report.findings.find((f) => f.rule === 'disk-usage')!.summary).toBe(
      '/ on sick is 97.1% full (2.7 GiB free)',
    );

    // The host's own tools were asked exactly what the collectors ask.
    expect(sick.calls('systemctl')).toContainEqual([...SYSTEMCTL_FAILED_ARGV.slice(1)]);
    expect(sick.calls('df')).toContainEqual([...DF_ARGV.slice(1)]);
    const journalCall = sick.calls('journalctl').at(-1)!;
    expect(journalCall.slice(0, 3)).toEqual(['-p', 'err', '--since']);
    expect(journalCall[3]).toMatch(/^@\d+$/);
  });

  it('gives the same fingerprints on two checks of the same state', async () => {
    const config = configFor([sick]);
    const first = await check(config, ['sick']);
    const second = await check(config, ['sick']);
    expect(second.findings.map((f) => f.fingerprint)).toEqual(first.findings.map((f) => f.fingerprint));
    expect(new Set(first.findings.map((f) => f.fingerprint)).size).toBe(first.findings.length);
  });

  it("reads systemd's JSON output and AMD cards through rocm-smi", async () => {
    const report = await check(configFor([amd]), ['amd']);
    const [s] = report.hosts;
    expect(s!.parts.systemd).toMatchObject({
      status: 'ok',
      data: { format: 'json', failedUnits: [{ unit: 'nginx.service' }, { unit: 'restic-backup.service' }] },
    });
    expect(s!.parts.gpus).toMatchObject({ status: 'ok', data: { sources: ['rocm-smi'] } });
    expect(s!.parts.gpus.status === 'ok' && s!.parts.gpus.data.gpus.map((g) => [g.vendor, g.index])).toEqual([
      ['amd', 0],
      ['amd', 1],
      ['amd', 2],
      ['amd', 3],
    ]);
    expect(s!.parts.journal).toMatchObject({ status: 'ok', data: { errorCount: 0 } });
  });

  it('reports a host without systemd (the real systemctl of this container) as such, journal too', async () => {
    const report = await check(configFor([slow]), ['slow'], { budgets: { filesystems: 1500 } });
    const [s] = report.hosts;
    expect(s!.parts.systemd).toMatchObject({
      status: 'unavailable',
      cause: 'absent',
      reason: expect.stringContaining('systemd is not running on slow'),
    });
    expect(s!.parts.journal).toMatchObject({ status: 'unavailable', cause: 'absent' });
  });

  it('reports a part that hangs past its budget as unavailable, and the rest of the host still arrives', async () => {
    const report = await check(configFor([slow]), ['slow'], { budgets: { filesystems: 1500 } });
    const [s] = report.hosts;
    expect(s!.status).toBe('up');
    // The hung command is named, and was stopped.
    expect(s!.parts.filesystems).toMatchObject({
      status: 'unavailable',
      cause: 'timeout',
      reason: expect.stringMatching(/`df -k -l --output=\S+`.* stopped/),
    });
    for (const part of ['os', 'cpu', 'memory', 'network', 'uptime', 'processes'] as const)
      expect(s!.parts[part].status).toBe('ok');
  });

  it('reports down, each with its reason, a stopped sshd, a tarpit and a changed host key, while healthy hosts are checked', async () => {
    const hosts = [
      { name: 'sick', address: '127.0.0.1', port: sick.port },
      { name: 'stopped', address: '127.0.0.1', port: stopped.port },
      { name: 'tarpit', address: '127.0.0.1', port: tarpit.port },
      { name: 'rekeyed', address: '127.0.0.1', port: rekeyed.port },
    ];
    const report = await check(
      configFor(hosts),
      hosts.map((h) => h.name),
    );
    expect(checkReportSchema.parse(report)).toEqual(report);
    const byName = Object.fromEntries(report.hosts.map((h) => [h.host, h]));
    expect(byName.sick!.status).toBe('up');
    expect(byName.stopped).toMatchObject({ status: 'down', down: { code: 'HOST_UNREACHABLE' } });
    expect(byName.tarpit).toMatchObject({ status: 'down', down: { code: 'HOST_CONNECT_TIMEOUT' } });
    expect(tarpit.accepted).toBeGreaterThan(0);
    expect(byName.rekeyed).toMatchObject({
      status: 'down',
      down: { code: 'HOST_KEY_CHANGED', reason: expect.stringContaining('CHANGED') },
    });
    expect(byName.rekeyed!.down!.hint).toContain('ssh-keygen -R');
    for (const name of ['stopped', 'tarpit', 'rekeyed']) {
      expect(report.findings.filter((f) => f.host === name)).toEqual([
        expect.objectContaining({
          rule: 'host-down',
          severity: 'critical',
          summary: expect.stringMatching(new RegExp(`^${name} is down: `)),
        }),
      ]);
      expect(
        Object.values(byName[name]!.parts).every(
          (p) => p.status === 'unavailable' && p.reason.startsWith('host down: '),
        ),
      ).toBe(true);
    }
  });

  it('reports a host that refuses our key as down, with what to do', async () => {
    const keyDir = tempDir('other-key');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(keyDir, 'id_ed25519')]);
    const config = configFor([sick], {
      ssh: { ...sick.sshConfig(), keyPath: join(keyDir, 'id_ed25519'), knownHostsPath, connectTimeoutSec: 2 },
    });
    const report = await check(config, ['sick']);
    expect(report.hosts[0]).toMatchObject({ status: 'down', down: { code: 'HOST_AUTH_FAILED' } });
    expect(report.findings).toEqual([expect.objectContaining({ rule: 'host-down', severity: 'critical' })]);
  });

  it('checks many hosts with at most maxConcurrentHosts at once, every one of them reported', async () => {
    const hosts = [sick, amd, slow].map((h) => ({ name: h.name, address: '127.0.0.1', port: h.port }));
    const config = configFor(hosts, {
      ssh: { ...sick.sshConfig(), knownHostsPath, connectTimeoutSec: 2, maxConcurrentHosts: 1 },
    });
    const report = await check(config, ['local', 'sick', 'amd', 'slow'], { budgets: { filesystems: 1500 } });
    expect(report.hosts.map((h) => [h.host, h.status])).toEqual([
      ['local', 'up'],
      ['sick', 'up'],
      ['amd', 'up'],
      ['slow', 'up'],
    ]);
  });

  it('counts journal errors since the last check of each host', async () => {
    const config = configFor([sick]);
    const state = new CheckStateStore(config.stateDir, config.checkInterval);
    await state.open();
    const first = await check(config, ['sick'], { state });
    expect(first.hosts[0]!.parts.journal).toMatchObject({
      status: 'ok',
      data: { window: expect.stringContaining('no earlier check') },
    });
    const again = new CheckStateStore(config.stateDir, config.checkInterval);
    await again.open();
    const second = await check(config, ['sick'], { state: again });
    expect(second.hosts[0]!.parts.journal).toMatchObject({
      status: 'ok',
      data: { since: first.checkedAt, window: `since the last check at ${first.checkedAt}` },
    });
    expect(sick.calls('journalctl').at(-1)![3]).toBe(`@${Math.floor(Date.parse(first.checkedAt) / 1000)}`);
  });
});
