/**
 * The daemon's state directory on a small tmpfs that fills up: requests that must write get a
 * clear error (what failed, where, that the disk is full), cycles and `status` go on, no state
 * file is ever left torn (each JSON file parses, each audit line is whole), and once space is
 * back everything works again and what had been accepted is delivered. Needs root (unshare, mount).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_PATHS, type StatusResponse } from '@ai-sysadmin/core';
import type { Daemon } from '@ai-sysadmin/orchestrator';
import { type GotifyReceiver, startGotify, tempDir, waitUntil } from '../rig/index.js';
import { SocketClient, raw } from '../helpers/socket-client.js';
import { type UnitHost, daemonConfig, gotifyConfig, startDaemon, startUnitHost } from '../helpers/daemon-rig.js';

const isRoot = process.getuid?.() === 0;
let mountPoint: string | undefined;
let mountHolder: ChildProcess | undefined;
let gotify: GotifyReceiver;
let units: UnitHost;
let daemon: Daemon | undefined;
let api: SocketClient;

/**
 * A 4 MiB tmpfs in a mount namespace of its own, held by a `sleep` and reached through
 * /proc/<pid>/root: the other test files running at the same time never see a full file system in
 * this machine's mounts, and the mount goes away with its holder even if this process is killed.
 */
async function privateTmpfs(): Promise<{ dir: string; holder: ChildProcess } | undefined> {
  const dir = tempDir('full-disk');
  const holder = spawn(
    'unshare',
    [
      '-m',
      '--propagation',
      'private',
      'sh',
      '-c',
      'mount -t tmpfs -o size=4m,mode=0755 tmpfs "$0" && echo mounted && exec sleep 100000',
      dir,
    ],
    { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const mounted = await new Promise<boolean>((resolve) => {
    holder.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('mounted') && resolve(true));
    holder.on('exit', () => resolve(false));
    holder.on('error', () => resolve(false));
  });
  if (!mounted) return undefined;
  return { dir: `/proc/${holder.pid}/root${dir}`, holder };
}

beforeAll(async () => {
  if (!isRoot) return;
  const tmpfs = await privateTmpfs();
  if (!tmpfs) return;
  ({ dir: mountPoint, holder: mountHolder } = tmpfs);
  [gotify, units] = await Promise.all([startGotify(), startUnitHost('disk1')]);
  const config = await daemonConfig({
    hosts: [units.host],
    gotify: gotifyConfig(gotify),
    autonomyLevel: 'suggest',
    stateDir: join(mountPoint, 'state'),
  });
  // The socket stays off the full disk, as /run is in production.
  ({ daemon, api } = await startDaemon({
    ...config,
    api: { ...config.api, socket: join(tempDir('api'), 'api.sock') },
  }));
});
afterAll(async () => {
  try {
    await daemon?.stop();
    await gotify?.stop();
    await units?.host.stop();
  } finally {
    mountHolder?.kill('SIGKILL');
  }
});

/** Fills the file system until it refuses another byte. */
function fill(dir: string): string {
  const path = join(dir, 'filler');
  const fd = openSync(path, 'w');
  const chunk = Buffer.alloc(64 * 1024, 1);
  try {
    for (;;) writeSync(fd, chunk);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  } finally {
    closeSync(fd);
  }
  return path;
}

/** Every state file: JSON files parse, JSON-lines files hold whole lines only. */
function tornFiles(dir: string): string[] {
  const torn: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) {
        walk(path);
        continue;
      }
      const text = readFileSync(path, 'utf8');
      try {
        if (name.endsWith('.json')) JSON.parse(text);
        else if (name.endsWith('.jsonl') && text !== '') {
          if (!text.endsWith('\n')) throw new Error('no newline at the end');
          for (const line of text.split('\n').filter(Boolean)) JSON.parse(line);
        }
      } catch (error) {
        torn.push(`${path}: ${(error as Error).message}`);
      }
    }
  };
  walk(dir);
  return torn;
}

describe.skipIf(!isRoot)('the state directory full (a 4 MiB tmpfs)', { timeout: 180_000 }, () => {
  it('refuses what it cannot keep with a clear error, tears no file, goes on, and recovers once space is back', async (context) => {
    if (!mountPoint || !daemon) {
      context.skip('unshare -m with mount -t tmpfs failed here (no CAP_SYS_ADMIN in this container?)');
      return;
    }
    const stateDir = daemon.config().stateDir;
    units.fail('nginx.service');
    await daemon.checkNow();
    await waitUntil('the first message', () => gotify.messages.length === 1, 30_000);

    const filler = fill(mountPoint);
    // A request that must be written first is refused, saying why; nothing is half-kept.
    const refused = await raw(
      api.socketPath,
      'POST',
      API_PATHS.notify,
      JSON.stringify({ title: 'on a full disk', message: 'x'.repeat(2000) }),
    );
    expect(refused.status).toBeGreaterThanOrEqual(500);
    expect(refused.text).toMatch(/no space left|ENOSPC|disk is full/i);
    // A cycle that finds something new cannot keep it: it fails saying why, and the daemon goes on.
    units.fail('nginx.service', 'cups.service');
    await expect(daemon.checkNow()).rejects.toThrow(/ENOSPC|no space left/);
    const status = await api.json<StatusResponse>('GET', API_PATHS.status);
    expect(status.ai).toBe(daemon.config().aiName);
    expect(tornFiles(stateDir)).toEqual([]);

    rmSync(filler);
    const accepted = await api.json<{ queued: number }>('POST', API_PATHS.notify, {
      title: 'space is back',
      message: 'delivered',
    });
    expect(accepted.queued).toBeGreaterThan(0);
    units.fail('nginx.service', 'cups.service', 'restic.service');
    await daemon.checkNow();
    await waitUntil('the messages after recovery', () =>
      gotify.messages.some((m) => m.title.endsWith('space is back')),
    );
    await waitUntil('restic announced', () => gotify.messages.some((m) => m.message.includes('restic')), 30_000);
    expect(gotify.messages.filter((m) => m.title.endsWith('on a full disk'))).toHaveLength(0);
    expect(tornFiles(stateDir)).toEqual([]);
    expect((await api.json<StatusResponse>('GET', API_PATHS.status)).ai).toBe(daemon.config().aiName);
  });
});
