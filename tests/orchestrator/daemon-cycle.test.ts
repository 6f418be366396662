/**
 * The daemon against a real sshd host whose systemctl is a stand-in keeping its failed units in
 * a file, and the Gotify receiver. Redis, ChromaDB and Ollama are absent the whole time: all of
 * this is rule-based and must work without them.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { API_PATHS, type Config } from '@ai-sysadmin/core';
import type { Daemon } from '@ai-sysadmin/orchestrator';
import { type GotifyReceiver, startGotify, waitUntil } from '../rig/index.js';
import {
  type UnitHost,
  daemonConfig,
  gotifyConfig,
  startDaemon,
  startUnitHost,
  takeDown,
} from '../helpers/daemon-rig.js';

let gotify: GotifyReceiver;
let units: UnitHost;
let running: Daemon | undefined;

beforeAll(async () => {
  [gotify, units] = await Promise.all([startGotify(), startUnitHost('web1')]);
});
afterEach(async () => {
  await running?.stop();
  running = undefined;
});
afterAll(async () => {
  await gotify?.stop();
  await units?.host.stop();
});

async function daemonFor(over: Parameters<typeof daemonConfig>[0] = {}) {
  gotify.messages.length = 0;
  units.heal();
  units.onRestart('fix');
  const config = await daemonConfig({ hosts: [units.host], gotify: gotifyConfig(gotify), ...over });
  const started = await startDaemon(config);
  running = started.daemon;
  return { ...started, config };
}

const restartsBefore = () => units.restarts('nginx.service');
const settle = (daemon: Daemon) => waitUntil('the outbox to be empty', () => daemon.outbox.depth() === 0);

// Each test runs several whole cycles (this machine and the host); on a loaded machine one takes seconds.
describe('daemon cycle: a failed unit on a managed host', { timeout: 240_000 }, () => {
  it('at auto-safe: one message naming host and unit, the restart runs and holds, one "resolved" after two clean checks', async () => {
    const { daemon, config } = await daemonFor({ autonomyLevel: 'auto-safe' });
    const before = restartsBefore();
    units.fail('nginx.service');
    const first = await daemon.checkNow();
    expect(first.record.issues).toMatchObject({ opened: 1 });
    expect(first.record.actions).toEqual([
      expect.objectContaining({ host: 'web1', argv: ['systemctl', 'restart', 'nginx.service'], outcome: 'ran' }),
    ]);
    expect(units.restarts('nginx.service') - before).toBe(1);
    await settle(daemon);
    expect(gotify.messages).toHaveLength(1);
    const [message] = gotify.messages;
    expect(message!.title).toBe(
      `${config.aiName}: web1: nginx.service failed on web1 (Stand\\-in unit nginx\\.service)`.replace(/\\(.)/g, '$1'),
    );
    expect(message!.priority).toBe(5); // a failed unit that is not critical is a warning: attention
    expect(message!.message).toContain('nginx\\.service failed on web1');
    expect(message!.message).toContain('restarted `nginx.service` for #1: it is nginx\\.service is active');
    expect(message!.extras).toEqual({ 'client::display': { contentType: 'text/markdown' } });

    const issue = daemon.tracker.get(1);
    expect(issue.timeline.map((e) => e.event)).toEqual(['opened', 'action-ran', 'verification']);
    expect(issue.timeline[2]!.text).toBe('held: nginx.service is active');
    // The audit log knows why: the issue is the request's origin.
    const [execution] = daemon
      .executor()
      .audit.find({ host: 'web1', type: 'execution', argvIncludes: ['restart', 'nginx.service'] });
    expect(execution!.request).toMatchObject({ kind: 'issue', issueId: '1' });

    expect((await daemon.checkNow()).record.issues.resolved).toBe(0);
    expect((await daemon.checkNow()).record.issues.resolved).toBe(1);
    await settle(daemon);
    expect(gotify.messages.map((m) => [m.priority, m.title])).toEqual([
      [5, message!.title],
      [2, `${config.aiName}: web1: resolved: nginx.service failed on web1 (Stand-in unit nginx.service)`],
    ]);
    expect(daemon.tracker.get(1).status).toBe('resolved');
  });

  it('at suggest: the restart waits as a numbered approval and nothing runs until a person approves it', async () => {
    const { daemon, api } = await daemonFor({ autonomyLevel: 'suggest' });
    const before = restartsBefore();
    units.fail('nginx.service');
    await daemon.checkNow();
    const { actions } = await api.json<{
      actions: Array<{ id: number; status: string; argv: string[]; requestedBy: { issueId: string } }>;
    }>('GET', API_PATHS.approvals);
    expect(actions).toEqual([
      expect.objectContaining({
        id: 1,
        status: 'pending',
        argv: ['systemctl', 'restart', 'nginx.service'],
        requestedBy: expect.objectContaining({ issueId: '1' }),
      }),
    ]);
    expect(restartsBefore() - before).toBe(0);
    await settle(daemon);
    expect(gotify.messages).toHaveLength(1);
    expect(gotify.messages[0]!.message).toContain('awaits approval: `ai-sysadmin approve 1`');

    // Another cycle proposes nothing new while the approval waits.
    await daemon.checkNow();
    expect((await api.json<{ actions: unknown[] }>('GET', API_PATHS.approvals)).actions).toHaveLength(1);

    const lines = await api.ndjson<{ type: string }>('POST', API_PATHS.approve(1), { by: 'alice' });
    expect(lines.map((l) => l.type)).toEqual(['approved', 'run', 'verification', 'outcome']);
    expect(lines[1]).toMatchObject({ host: 'web1', exitCode: 0 });
    expect(lines[2]).toMatchObject({ host: 'web1', held: true, detail: 'nginx.service is active' });
    expect(lines[3]).toMatchObject({ status: 'executed', ok: true });
    expect(restartsBefore() - before).toBe(1);
    expect(daemon.tracker.get(1).timeline.map((e) => e.event)).toEqual([
      'opened',
      'action-proposed',
      'action-ran',
      'verification',
    ]);
    await settle(daemon);
    expect(gotify.messages.at(-1)!.message).toContain(
      'restarted `nginx.service` for #1 \\(approved by alice\\): it is nginx\\.service is active',
    );
  });

  it('at observe: nothing is proposed, nothing runs, the message still goes out', async () => {
    const { daemon, api } = await daemonFor({ autonomyLevel: 'observe' });
    const before = restartsBefore();
    units.fail('nginx.service');
    await daemon.checkNow();
    await daemon.checkNow();
    expect((await api.json<{ actions: unknown[] }>('GET', `${API_PATHS.approvals}?status=all`)).actions).toEqual([]);
    // The audit log holds the notification and nothing about any action.
    expect(
      daemon
        .executor()
        .audit.read()
        .entries.map((e) => e.type),
    ).toEqual(['notification']);
    expect(restartsBefore() - before).toBe(0);
    await settle(daemon);
    expect(gotify.messages).toHaveLength(1);
    expect(daemon.tracker.get(1).timeline.map((e) => e.event)).toEqual(['opened', 'action-refused']);
  });

  it('a unit that fails again after every restart: exactly maxRestarts restarts, one "given up" message, then none', async () => {
    const { daemon, api } = await daemonFor({
      autonomyLevel: 'auto-safe',
      remediation: { maxRestarts: 3, windowCycles: 5 },
    });
    units.onRestart('fail');
    const before = restartsBefore();
    units.fail('nginx.service');
    for (let i = 0; i < 7; i++) await daemon.checkNow();
    expect(restartsBefore() - before).toBe(3);
    await settle(daemon);
    const givenUp = gotify.messages.filter((m) => m.message.includes('remediation given up'));
    expect(givenUp).toHaveLength(1);
    expect(givenUp[0]!.priority).toBe(8);
    expect(givenUp[0]!.message).toContain('was restarted 3 times within 5 cycles');
    expect(daemon.tracker.get(1).remediation).toMatchObject({ givenUp: true });

    // Only a person brings it back: then it tries again.
    await api.json('POST', API_PATHS.resetRemediation(1), { by: 'alice' });
    await daemon.checkNow();
    expect(restartsBefore() - before).toBe(4);
    await expect(api.json('POST', API_PATHS.resetRemediation(1), { by: 'alice' })).rejects.toMatchObject({
      status: 409,
      body: { error: { code: 'REMEDIATION_NOT_GIVEN_UP' } },
    });
  });

  it('the same unchanged problem over 10 cycles: one message; one reminder once the cooldown is short', async () => {
    let config: Config | undefined;
    const { daemon } = await daemonFor({ autonomyLevel: 'observe' });
    config = daemon.config();
    units.fail('backup.service');
    for (let i = 0; i < 10; i++) await daemon.checkNow();
    await settle(daemon);
    expect(gotify.messages).toHaveLength(1);

    // SIGHUP's path: a short warning cooldown applies from the next cycle on.
    const shortCooldown = {
      ...config,
      notifications: {
        ...config.notifications,
        cooldownMinutes: { ...config.notifications.cooldownMinutes, warning: 0.0001 },
      },
    };
    (daemon as unknown as { options: { reload: () => unknown } }).options.reload = () => ({
      config: shortCooldown,
      source: 'test',
      envOverrides: [],
    });
    expect(daemon.reload()).toBe(true);
    await daemon.checkNow();
    (daemon as unknown as { options: { reload: () => unknown } }).options.reload = () => ({
      config,
      source: 'test',
      envOverrides: [],
    });
    daemon.reload();
    for (let i = 0; i < 3; i++) await daemon.checkNow();
    await settle(daemon);
    expect(gotify.messages.map((m) => m.title.replace(/^[^:]+: web1: /, ''))).toEqual([
      'backup.service failed on web1 (Stand-in unit backup.service)',
      'still open: backup.service failed on web1 (Stand-in unit backup.service)',
    ]);
  });

  it('a host that goes down: one grouped critical message, and its open issues stay open', async () => {
    const { daemon } = await daemonFor({ autonomyLevel: 'observe' });
    units.fail('nginx.service', 'backup.service', 'restic.service');
    await daemon.checkNow();
    await settle(daemon);
    expect(gotify.messages).toHaveLength(1);
    expect(gotify.messages[0]!.title).toMatch(/: web1: 3 new issues$/);
    await takeDown(units.host);
    try {
      await daemon.checkNow();
      await daemon.checkNow();
      await settle(daemon);
      expect(gotify.messages).toHaveLength(2);
      expect(gotify.messages[1]).toMatchObject({ priority: 8 });
      expect(gotify.messages[1]!.title).toMatch(/: web1: web1 is down: /);
      const active = daemon.tracker.active().map((i) => [i.rule, i.subject]);
      expect(active).toEqual([
        ['failed-unit', 'backup.service'],
        ['failed-unit', 'nginx.service'],
        ['failed-unit', 'restic.service'],
        ['host-down', ''],
      ]);
    } finally {
      await units.host.restart();
    }
  });
});
