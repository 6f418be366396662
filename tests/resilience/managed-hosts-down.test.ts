/**
 * Managed hosts broken four ways under a running daemon, in one cycle with a healthy host: sshd
 * stopped, sshd SIGSTOPped (the kernel still accepts the TCP connection, nothing ever answers),
 * the host key changed, our key revoked. Each is reported down with its reason and what to do,
 * in `status` and in one message; the healthy host's problem is found and announced in the same
 * cycle as if nothing else were wrong; once the hosts are back they are up again.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_PATHS, type StatusResponse } from '@ai-sysadmin/core';
import type { Daemon } from '@ai-sysadmin/orchestrator';
import { type GotifyReceiver, type SshHost, rigClientKey, startGotify, startSshHost, waitUntil } from '../rig/index.js';
import type { SocketClient } from '../helpers/socket-client.js';
import { type UnitHost, daemonConfig, gotifyConfig, startDaemon, startUnitHost } from '../helpers/daemon-rig.js';

let gotify: GotifyReceiver;
let healthy: UnitHost;
let stopped: SshHost;
let frozen: SshHost;
let rekeyed: SshHost;
let revoked: SshHost;
let daemon: Daemon;
let api: SocketClient;

beforeAll(async () => {
  [gotify, healthy, stopped, frozen, rekeyed, revoked] = await Promise.all([
    startGotify(),
    startUnitHost('healthy'),
    startSshHost({ name: 'stopped' }),
    startSshHost({ name: 'frozen' }),
    startSshHost({ name: 'rekeyed' }),
    startSshHost({ name: 'revoked' }),
  ]);
  const config = await daemonConfig({
    hosts: [healthy.host, stopped, frozen, rekeyed, revoked],
    gotify: gotifyConfig(gotify),
    autonomyLevel: 'observe',
  });
  ({ daemon, api } = await startDaemon(config));
});
afterAll(async () => {
  if (frozen?.pid) process.kill(frozen.pid, 'SIGCONT');
  await daemon?.stop();
  await Promise.all([
    gotify?.stop(),
    healthy?.host.stop(),
    stopped?.stop(),
    frozen?.stop(),
    rekeyed?.stop(),
    revoked?.stop(),
  ]);
});

describe('managed hosts that cannot be reached', { timeout: 180_000 }, () => {
  it('sshd stopped, SIGSTOPped, a changed host key, our key revoked: each down with its reason, the healthy host unaffected', async () => {
    await stopped.stop();
    process.kill(frozen.pid!, 'SIGSTOP');
    await rekeyed.rotateHostKey();
    writeFileSync(join(revoked.dir, 'authorized_keys'), '');
    healthy.fail('nginx.service');

    const cycle = await daemon.checkNow();
    const byHost = new Map(cycle.record.hosts.map((h) => [h.host, h]));
    expect(byHost.get('healthy')).toMatchObject({ status: 'up' });
    expect(byHost.get('local')).toMatchObject({ status: 'up' });
    expect(daemon.tracker.active().map((i) => [i.host, i.subject])).toContainEqual(['healthy', 'nginx.service']);

    const status = await api.json<StatusResponse>('GET', API_PATHS.status);
    const reason = (host: string) => status.hosts.find((h) => h.host === host)!;
    expect(reason('stopped')).toMatchObject({
      status: 'down',
      reason: expect.stringMatching(/refused|not reachable/i),
    });
    expect(reason('frozen')).toMatchObject({
      status: 'down',
      reason: expect.stringMatching(/did not complete an SSH handshake within 2 s/),
    });
    expect(reason('rekeyed')).toMatchObject({
      status: 'down',
      reason: expect.stringMatching(/host key.*changed|intercept/i),
    });
    expect(reason('revoked')).toMatchObject({ status: 'down', reason: expect.stringMatching(/key|authenticat/i) });
    expect(reason('healthy')).toMatchObject({ status: 'up' });
    // With the fix: the line that removes the old key, as known_hosts spells the host; the key to authorize.
    expect(reason('rekeyed').hint).toContain(`ssh-keygen -R '[127.0.0.1]:${rekeyed.port}'`);
    expect(reason('revoked').hint).toMatch(/authorized_keys/);
    expect(reason('stopped').hint).toBeTruthy();

    await waitUntil('the outbox to be empty', () => daemon.outbox.depth() === 0, 30_000);
    const about = (host: string) => gotify.messages.filter((m) => m.title.includes(`: ${host}:`));
    for (const host of ['stopped', 'frozen', 'rekeyed', 'revoked']) {
      const messages = about(host);
      expect(messages, host).toHaveLength(1);
      expect(messages[0]!.priority, host).toBe(8);
    }
    // The fix is in the message: the ssh-keygen line for the changed key, the key to authorize for the revoked one.
    const plain = (host: string) => about(host)[0]!.message.replace(/\\(.)/g, '$1');
    expect(plain('rekeyed')).toContain(`fix: ${reason('rekeyed').hint}`);
    expect(plain('revoked')).toContain(`fix: ${reason('revoked').hint}`);
    expect(about('healthy')).toHaveLength(1);
    expect(about('healthy')[0]!.message.replace(/\\(.)/g, '$1')).toContain('nginx.service failed on healthy');
  });

  it('each comes back up once the fault is gone, with no second "down" message', async () => {
    process.kill(frozen.pid!, 'SIGCONT');
    await stopped.restart();
    writeFileSync(join(revoked.dir, 'authorized_keys'), `${rigClientKey().publicKey}\n`);
    const sentBefore = gotify.messages.length;
    const cycle = await daemon.checkNow();
    const byHost = new Map(cycle.record.hosts.map((h) => [h.host, h.status]));
    expect(byHost.get('stopped')).toBe('up');
    expect(byHost.get('frozen')).toBe('up');
    expect(byHost.get('revoked')).toBe('up');
    // A changed key stays refused until a person removes the old entry: never trusted silently.
    expect(byHost.get('rekeyed')).toBe('down');
    await waitUntil('the outbox to be empty', () => daemon.outbox.depth() === 0, 30_000);
    expect(gotify.messages.slice(sentBefore).filter((m) => m.title.includes(': rekeyed:'))).toHaveLength(0);
  });
});
