/**
 * What a check of a managed host no longer asks with a command, against real sshd hosts from the
 * rig (which read this very machine's /proc and disks): disk usage through sftp's statvfs (the
 * same figures as the host's own df, and df where statvfs is refused), programs the host lacks
 * asked once an hour, and the Nix store measured once per health.nixStoreSizeIntervalMinutes
 * with its age in between.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Config, type HostSnapshot, parseConfig } from '@ai-sysadmin/core';
import { RunnerPool } from '@ai-sysadmin/executor';
import {
  DU_STORE_ARGV,
  HostMemory,
  MISSING_PROGRAM_RECHECK_MS,
  type PartContext,
  RemoteHostAccess,
  type SnapshotFiles,
  collectNix,
  collectSnapshot,
  localMounts,
  parseProcMounts,
  runCheck,
  runPart,
} from '@ai-sysadmin/orchestrator/health';
import { type SshHost, startSshHost, tempDir } from '../rig/index.js';

const units = {
  systemctl: { cases: [{ args: '^list-units --failed', stdout: '[]\n' }] },
  journalctl: { stdout: '' },
};

let withStatvfs: SshHost;
let withoutStatvfs: SshHost;
let nixHost: SshHost;
let knownHostsPath: string;
const pools: RunnerPool[] = [];

beforeAll(async () => {
  [withStatvfs, withoutStatvfs, nixHost] = await Promise.all([
    startSshHost({ name: 'statvfs', standIns: units }),
    startSshHost({ name: 'no-statvfs', standIns: units, statvfs: false }),
    startSshHost({
      name: 'nix',
      standIns: {
        du: { stdout: '4194304\t/nix/store\n' },
        systemctl: { cases: [{ args: '^show nix-gc', stdout: 'ExecMainExitTimestamp=Sun 2024-01-07 03:15:01 UTC\n' }] },
      },
    }),
  ]);
  knownHostsPath = join(tempDir('known'), 'known_hosts');
  writeFileSync(
    knownHostsPath,
    `${[withStatvfs, withoutStatvfs, nixHost].map((h) => h.knownHostsLine()).join('\n')}\n`,
  );
});

afterAll(async () => {
  await Promise.all(pools.map((p) => p.closeAll()));
  await Promise.all([withStatvfs, withoutStatvfs, nixHost].map((h) => h?.stop()));
});

function configFor(hosts: SshHost[]): Config {
  return parseConfig({
    stateDir: tempDir('state'),
    remoteSystems: hosts.map((h) => ({ name: h.name, address: h.address, port: h.port, user: 'root' })),
    ssh: { ...hosts[0]!.sshConfig(), knownHostsPath, connectTimeoutSec: 5 },
  });
}

function newPool(config: Config): RunnerPool {
  const pool = new RunnerPool(config);
  pools.push(pool);
  return pool;
}

function filesystemsOf(s: HostSnapshot) {
  if (s.parts.filesystems.status !== 'ok') throw new Error(`filesystems: ${s.parts.filesystems.reason}`);
  return s.parts.filesystems.data;
}

describe('disk usage through statvfs', () => {
  it("gives the host's own df figures, without running df; a host that refuses statvfs is asked with df", async () => {
    const config = configFor([withStatvfs, withoutStatvfs]);
    const pool = newPool(config);
    const [before, beforeDf] = [withStatvfs.sessionsStarted(), withoutStatvfs.sessionsStarted()];
    const report = await runCheck({ config, hosts: ['statvfs', 'no-statvfs'], runners: pool });
    const [viaStatvfs, viaDf] = report.hosts.map(filesystemsOf);
    // The same mounts, in the same order, with the same sizes; what is used moves with this
    // machine's other work between the two readings, by little.
    expect(viaStatvfs!.map((f) => [f.mount, f.device, f.type, f.sizeBytes, f.inodesTotal])).toEqual(
      viaDf!.map((f) => [f.mount, f.device, f.type, f.sizeBytes, f.inodesTotal]),
    );
    viaStatvfs!.forEach((f, i) => {
      const df = viaDf![i]!;
      expect(Math.abs(f.usedBytes - df.usedBytes)).toBeLessThan(Math.max(64 * 2 ** 20, df.sizeBytes * 0.01));
      expect(Math.abs(f.usedPct - df.usedPct)).toBeLessThanOrEqual(1);
    });
    // df is the one more session of the host without statvfs.
    expect(withoutStatvfs.sessionsStarted() - beforeDf - (withStatvfs.sessionsStarted() - before)).toBe(1);
  });
});

describe('the mounts statvfs is asked for', () => {
  it('are the local ones of /proc/mounts, each once, as df -l lists them', () => {
    const mounts = parseProcMounts(
      [
        'proc /proc proc rw 0 0',
        '/dev/sda1 / ext4 rw 0 0',
        'tmpfs /dev/shm tmpfs rw 0 0',
        '/dev/sda2 /mnt/my\\040disk ext4 rw 0 0',
        'nas:/export /srv/nas nfs4 rw 0 0',
        '//nas/share /srv/smb cifs rw 0 0',
        'me@host:/ /srv/remote fuse.sshfs rw 0 0',
        '/dev/sda1 /var/lib/docker/bind ext4 rw 0 0',
        'tmpfs /dev/shm tmpfs rw,size=1k 0 0',
        '/dev/loop3 /snap/core/1 squashfs ro 0 0',
        'cgroup2 /sys/fs/cgroup cgroup2 rw 0 0',
      ].join('\n'),
    );
    expect(localMounts(mounts).map((m) => m.mount)).toEqual(['/', '/dev/shm', '/mnt/my disk']);
  });
});

describe('programs the host lacks', () => {
  it('are asked once an hour, and the parts still say they are missing', async () => {
    const config = configFor([withStatvfs]);
    const pool = newPool(config);
    let now = Date.now();
    const memory = new HostMemory(() => now);
    const snapshot = () =>
      collectSnapshot(new RemoteHostAccess('statvfs', `127.0.0.1:${withStatvfs.port}`, pool.runner('statvfs')), {
        journalWindow: { since: new Date(Date.now() - 300_000), description: 'in the last 300 s' },
        memory,
      });
    const sessions = async () => {
      const before = withStatvfs.sessionsStarted();
      const s = await snapshot();
      return { s, sessions: withStatvfs.sessionsStarted() - before };
    };
    const first = await sessions();
    // sftp, ps, systemctl, journalctl, nvidia-smi and rocm-smi (neither is installed here), and
    // the Nix store's size where this machine has one (the rig host shares its file system; its
    // stand-ins have no nix-gc unit, so the measurement is never kept and is tried each check).
    const nixStore = existsSync('/nix/store') ? 1 : 0;
    expect(first.sessions).toBe(6 + nixStore);
    const second = await sessions();
    expect(second.sessions).toBe(4 + nixStore);
    expect(second.s.parts.gpus).toMatchObject({
      status: 'ok',
      data: { gpus: [] },
      notes: [expect.stringMatching(/nvidia-smi is not installed.*rocm-smi is not installed/)],
    });
    now += MISSING_PROGRAM_RECHECK_MS - 60_000;
    expect((await sessions()).sessions).toBe(4 + nixStore);
    now += 120_000;
    expect((await sessions()).sessions).toBe(6 + nixStore);
  });
});

describe('the Nix store', () => {
  it('is measured once per interval; in between the last figures come with their age', async () => {
    const config = configFor([nixHost]);
    const pool = newPool(config);
    const access = new RemoteHostAccess('nix', `127.0.0.1:${nixHost.port}`, pool.runner('nix'));
    let now = Date.parse('2026-12-01T12:00:00Z');
    const memory = new HostMemory(() => now);
    // The host's files as a NixOS host has them (this machine, which the rig's hosts read, has no /nix).
    const files = {
      first: Promise.resolve(new Map([['/etc/os-release', 'ID=nixos\nVERSION_ID="24.05"\n']])),
      nix: Promise.resolve({ store: true, systemLink: 'system-42-link', gcUnit: true }),
    } as unknown as SnapshotFiles;
    const collect = () =>
      runPart('nix', 20_000, access, (run) =>
        collectNix({ host: 'nix', run, files, memory, nixStoreSizeIntervalMs: 60 * 60_000 } satisfies PartContext),
      );
    const measured = await collect();
    expect(measured).toMatchObject({
      status: 'ok',
      data: {
        storeBytes: 4 * 2 ** 30,
        storeMeasuredAt: '2026-12-01T12:00:00.000Z',
        lastGc: '2024-01-07T03:15:01.000Z',
        generation: 42,
      },
      notes: [],
    });
    expect(nixHost.calls('du')).toEqual([[...DU_STORE_ARGV.slice(1)]]);
    expect(nixHost.calls('systemctl').length).toBe(1);

    now += 25 * 60_000;
    nixHost.setStandIn('du', { stdout: '8388608\t/nix/store\n' });
    const reused = await collect();
    expect(reused).toMatchObject({
      status: 'ok',
      data: {
        storeBytes: 4 * 2 ** 30,
        storeMeasuredAt: '2026-12-01T12:00:00.000Z',
        lastGc: '2024-01-07T03:15:01.000Z',
      },
      notes: [
        expect.stringMatching(
          /^store size and last GC as measured 25 min ago \(measured every 60 min, .*next in 35 min\)$/,
        ),
      ],
    });
    expect(nixHost.calls('du').length).toBe(1);
    expect(nixHost.calls('systemctl').length).toBe(1);

    now += 36 * 60_000;
    const remeasured = await collect();
    expect(remeasured).toMatchObject({
      status: 'ok',
      data: { storeBytes: 8 * 2 ** 30, storeMeasuredAt: '2026-12-01T13:01:00.000Z' },
      notes: [],
    });
    expect(nixHost.calls('du').length).toBe(2);
  });
});
