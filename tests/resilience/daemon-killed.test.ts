/**
 * The built daemon as its own process, killed with SIGKILL at the worst moments: while an
 * approved action runs on a host, and while it is writing audit entries as fast as requests
 * come. After the restart the audit log reads, the cut-short action shows `interrupted` (audited
 * once, never run again by itself), the other approval still waits, and every request the daemon
 * had answered is still there.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_PATHS, type Config } from '@ai-sysadmin/core';
import { type GotifyReceiver, startGotify, waitUntil } from '../rig/index.js';
import { ensureBuilt } from '../helpers/build.js';
import { SocketClient } from '../helpers/socket-client.js';
import { type UnitHost, daemonConfig, gotifyConfig, startUnitHost } from '../helpers/daemon-rig.js';
import { type DaemonProcess, spawnDaemon, writeConfigFile } from '../helpers/daemon-process.js';

let gotify: GotifyReceiver;
let units: UnitHost;
const running: DaemonProcess[] = [];

beforeAll(async () => {
  ensureBuilt();
  [gotify, units] = await Promise.all([startGotify(), startUnitHost('db2')]);
});
afterAll(async () => {
  for (const d of running) d.signal('SIGKILL');
  await gotify?.stop();
  await units?.host.stop();
});

async function start(path: string): Promise<DaemonProcess> {
  const daemon = spawnDaemon(path);
  running.push(daemon);
  await daemon.started();
  return daemon;
}

async function kill(daemon: DaemonProcess): Promise<void> {
  daemon.signal('SIGKILL');
  expect((await daemon.exited()).signal).toBe('SIGKILL');
}

interface AuditRead {
  entries: Array<{ type: string; actionId?: number; title?: string; note?: string }>;
  skipped: Array<{ kind: string }>;
}
interface ActionList {
  actions: Array<{ id: number; status: string; argv: string[] }>;
}

describe('the daemon killed -9', { timeout: 240_000 }, () => {
  let config: Config;
  let path: string;

  beforeAll(async () => {
    config = await daemonConfig({ hosts: [units.host], gotify: gotifyConfig(gotify), autonomyLevel: 'suggest' });
    path = writeConfigFile(config);
  });

  it('during an approved action: after the restart it is interrupted, audited once, not run again; the other approval waits', async () => {
    units.fail('slow.service', 'other.service');
    units.onRestart('hang');
    const first = await start(path);
    const api = new SocketClient(config.api.socket);
    await api.ndjson('POST', API_PATHS.check, {});
    const { actions } = await api.json<ActionList>('GET', API_PATHS.approvals);
    const slow = actions.find((a) => a.argv.includes('slow.service'))!;
    const other = actions.find((a) => a.argv.includes('other.service'))!;
    expect([slow.status, other.status]).toEqual(['pending', 'pending']);

    const approving = api.ndjson('POST', API_PATHS.approve(slow.id), { by: 'alice' }).catch((e: unknown) => e);
    await waitUntil('the restart to be running on the host', () => units.restarts('slow.service') === 1, 30_000);
    await kill(first);
    expect(await approving).toBeInstanceOf(Error);

    units.onRestart('fix');
    const second = await start(path);
    const after = await api.json<ActionList>('GET', `${API_PATHS.approvals}?status=all`);
    expect(after.actions.find((a) => a.id === slow.id)).toMatchObject({ status: 'interrupted' });
    expect(after.actions.find((a) => a.id === other.id)).toMatchObject({ status: 'pending' });
    const audit = await api.json<AuditRead>('GET', `${API_PATHS.logs}?source=actions&lines=1000`);
    expect(audit.skipped).toEqual([]);
    const interrupted = audit.entries.filter((e) => e.type === 'interrupted');
    expect(interrupted).toEqual([
      expect.objectContaining({ actionId: slow.id, note: expect.stringContaining('not run again') }),
    ]);
    // An interrupted action cannot be approved again, and a cycle does not rerun it.
    const again = await api
      .ndjson('POST', API_PATHS.approve(slow.id), { by: 'bob' })
      .catch((e: { status?: number }) => e);
    expect(again).toMatchObject({ status: 409 });
    await api.ndjson('POST', API_PATHS.check, {});
    expect(units.restarts('slow.service')).toBe(1);
    // The daemon still answers, and a second restart does not audit the interruption twice.
    await kill(second);
    const third = await start(path);
    const audit3 = await api.json<AuditRead>('GET', `${API_PATHS.logs}?source=actions&lines=1000`);
    expect(audit3.entries.filter((e) => e.type === 'interrupted')).toHaveLength(1);
    third.signal('SIGTERM');
    expect(await third.exited()).toEqual({ code: 0, signal: null });
  });

  it('during audit writes: the log reads after each kill, and every message it had accepted is delivered once', async () => {
    const accepted: string[] = [];
    for (let round = 1; round <= 2; round++) {
      const daemon = await start(path);
      const api = new SocketClient(config.api.socket);
      let stop = false;
      const senders = [1, 2, 3, 4].map(async (lane) => {
        for (let i = 0; !stop; i++) {
          const title = `burst r${round} l${lane} #${i}`;
          try {
            await api.json('POST', API_PATHS.notify, { title, message: title });
            accepted.push(title);
          } catch {
            return;
          }
        }
      });
      await waitUntil('some messages accepted', () => accepted.filter((t) => t.includes(`r${round} `)).length >= 20);
      await kill(daemon);
      stop = true;
      await Promise.all(senders);
    }
    const last = await start(path);
    const api = new SocketClient(config.api.socket);
    const audit = await api.json<AuditRead>('GET', `${API_PATHS.logs}?source=actions&lines=100000`);
    // A line cut by the kill is skipped and said so; every other line is a whole entry.
    expect(audit.skipped.filter((s) => s.kind !== 'torn')).toEqual([]);
    const audited = new Set(audit.entries.filter((e) => e.type === 'notification').map((e) => e.title));
    for (const title of accepted) expect(audited.has(`${config.aiName}: ${title}`), title).toBe(true);
    await waitUntil(
      'every accepted message at Gotify',
      () => accepted.every((t) => gotify.messages.some((m) => m.title === `${config.aiName}: ${t}`)),
      60_000,
    );
    const titles = gotify.messages.map((m) => m.title).filter((t) => t.includes('burst'));
    // At most the message in flight at each kill is repeated (the receiver answered, the mark was not written).
    expect(titles.length - new Set(titles).size).toBeLessThanOrEqual(2);
    last.signal('SIGTERM');
    expect(await last.exited()).toEqual({ code: 0, signal: null });
  });
});
