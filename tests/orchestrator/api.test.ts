/**
 * The daemon's API on its unix socket and its optional TCP listener: the socket's mode and
 * group, 400/404/409/413 answers that change nothing, NDJSON check progress, /metrics in
 * Prometheus' text format, the bearer token on TCP, and Alertmanager's v4 webhook.
 */
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_PATHS, type Config } from '@ai-sysadmin/core';
import type { Daemon } from '@ai-sysadmin/orchestrator';
import { freePort, tempDir } from '../rig/index.js';
import { daemonConfig, startDaemon } from '../helpers/daemon-rig.js';
import { SocketClient, raw } from '../helpers/socket-client.js';

/** A group this machine has besides root's, to give the socket to. */
function someGroup(): { name: string; gid: number } {
  const line = readFileSync('/etc/group', 'utf8')
    .split('\n')
    .map((l) => l.split(':'))
    .find((f) => f[0] && f[2] && Number(f[2]) > 0);
  return { name: line![0]!, gid: Number(line![2]) };
}

let daemon: Daemon;
let api: SocketClient;
let config: Config;
let tcp: string;
let token: string;

beforeAll(async () => {
  const port = await freePort();
  const tokenFile = join(tempDir('api-token'), 'token');
  token = 'api-test-token-0123456789';
  writeFileSync(tokenFile, `${token}\n`, { mode: 0o600 });
  config = await daemonConfig({
    autonomyLevel: 'suggest',
    api: { group: someGroup().name, listen: `127.0.0.1:${port}`, tokenFile, bodyLimitBytes: 4096 },
  });
  ({ daemon, api } = await startDaemon(config));
  tcp = `http://127.0.0.1:${port}`;
});
afterAll(async () => {
  await daemon?.stop();
});

const post = (path: string, body: string) => raw(config.api.socket, 'POST', path, body);
const nothingChanged = () => {
  expect(daemon.tracker.all()).toEqual([]);
  expect(daemon.outbox.recent()).toEqual([]);
};

describe('the API socket', () => {
  it('is mode 0660 and belongs to api.group', () => {
    const stat = statSync(config.api.socket);
    expect(stat.isSocket()).toBe(true);
    expect(stat.mode & 0o777).toBe(0o660);
    expect(stat.gid).toBe(someGroup().gid);
  });

  it('answers bad input with 400, naming the field and the reason, and changes nothing', async () => {
    const cases: Array<[string, string, number, string | RegExp]> = [
      [API_PATHS.notify, '{"message": "hi",', 400, /JSON/i],
      [API_PATHS.notify, JSON.stringify({ message: 'hi', colour: 'red' }), 400, 'body.colour'],
      [API_PATHS.notify, JSON.stringify({ message: '' }), 400, 'body.message: must not be empty'],
      [API_PATHS.notify, JSON.stringify({ message: 'hi', priority: 11 }), 400, 'body.priority'],
      [
        API_PATHS.trigger,
        JSON.stringify({ kind: 'unit-failed', unit: 'a;reboot' }),
        400,
        'body.unit: must be a systemd unit name',
      ],
      [
        API_PATHS.trigger,
        JSON.stringify({ kind: 'unit-failed', unit: 'nginx.service', host: 'nowhere' }),
        400,
        'No managed system is named "nowhere"',
      ],
      [
        API_PATHS.alertmanager,
        JSON.stringify({ version: '3', groupKey: 'g', status: 'firing', receiver: 'r', alerts: [] }),
        400,
        'body.version: must be "4"',
      ],
      [API_PATHS.approve(1), JSON.stringify({}), 400, 'body.by'],
    ];
    for (const [path, body, status, text] of cases) {
      const res = await post(path, body);
      expect({ path, body, status: res.status }).toEqual({ path, body, status });
      const message = res.json<{ error: { message: string } }>().error.message;
      if (typeof text === 'string') expect(message).toContain(text);
      else expect(message).toMatch(text);
    }
    expect((await raw(config.api.socket, 'GET', '/v1/issues/abc')).json()).toMatchObject({
      error: { code: 'BAD_REQUEST', message: 'params.id: must be a positive whole number' },
    });
    expect((await raw(config.api.socket, 'GET', '/v1/issues?status=weird')).status).toBe(400);
    const big = await post(API_PATHS.notify, JSON.stringify({ message: 'x'.repeat(5000) }));
    expect(big.status).toBe(413);
    expect(big.json()).toMatchObject({ error: { code: 'BODY_TOO_LARGE' } });
    nothingChanged();
  });

  it('answers 404 for an unknown id or route, and 409 for an action already decided', async () => {
    expect((await raw(config.api.socket, 'GET', API_PATHS.issue(99))).json()).toMatchObject({
      error: { code: 'ISSUE_NOT_FOUND', message: 'There is no issue #99.' },
    });
    expect((await raw(config.api.socket, 'GET', API_PATHS.approval(5))).status).toBe(404);
    expect((await raw(config.api.socket, 'GET', '/v1/nothing-here')).json()).toMatchObject({
      error: { code: 'NOT_FOUND' },
    });

    const proposed = await daemon.executor().propose({
      host: 'local',
      argv: ['systemctl', 'restart', 'nginx'],
      reason: 'test',
      requestedBy: { kind: 'user', text: 'restart nginx' },
    });
    expect(proposed.status).toBe('pending');
    const id = proposed.action!.id;
    expect(await api.json('POST', API_PATHS.reject(id), { by: 'bob' })).toMatchObject({
      action: { id, status: 'rejected' },
    });
    for (const path of [API_PATHS.approve(id), API_PATHS.reject(id)]) {
      const res = await post(path, JSON.stringify({ by: 'alice' }));
      expect(res.status).toBe(409);
      expect(res.json()).toMatchObject({ error: { code: 'ACTION_ALREADY_DECIDED' } });
    }
    expect(daemon.executor().get(id).status).toBe('rejected');
  });

  it('streams a check as NDJSON: started, each host, then the report', async () => {
    const lines = await api.ndjson<{ type: string; [k: string]: unknown }>('POST', API_PATHS.check, {});
    expect(lines.map((l) => l.type)).toEqual(['started', 'host', 'report']);
    expect(lines[0]).toMatchObject({ hosts: ['local'], joined: false });
    expect(lines[1]).toMatchObject({ host: 'local', status: 'up' });
    expect(lines[2]).toMatchObject({
      report: { hosts: [expect.objectContaining({ host: 'local' })] },
      cycle: { reasons: ['check'] },
    });
    const status = await api.json<{
      cycle: { last: { cycle: number } };
      hosts: unknown[];
      dependencies: Array<{ name: string; state: string }>;
    }>('GET', API_PATHS.status);
    expect(status.cycle.last.cycle).toBe(lines[0]!.cycle);
    expect(status.dependencies.map((d) => [d.name, d.state])).toEqual(
      expect.arrayContaining([
        ['redis', 'down'],
        ['ollama', 'down'],
        ['chromadb', 'down'],
        ['gotify', 'not-configured'],
      ]),
    );
  });

  it('serves /metrics in Prometheus text format', async () => {
    const res = await raw(config.api.socket, 'GET', API_PATHS.metrics);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('text/plain; version=0.0.4');
    const sample =
      /^[a-zA-Z_:][a-zA-Z0-9_:]*(\{([a-zA-Z_][a-zA-Z0-9_]*="([^"\\]|\\.)*",?)*\})? (-?[0-9.e+-]+|[+-]Inf)( -?\d+)?$/;
    const meta = /^# (HELP|TYPE) [a-zA-Z_:][a-zA-Z0-9_:]* .+$/;
    const bad = res.text.split('\n').filter((l) => l !== '' && !sample.test(l) && !meta.test(l));
    expect(bad).toEqual([]);
    for (const name of [
      'ai_sysadmin_cycle_duration_seconds_count',
      'ai_sysadmin_hosts_up',
      'ai_sysadmin_open_issues',
      'ai_sysadmin_messages_sent_total',
      'ai_sysadmin_outbox_depth',
      'ai_sysadmin_actions_total',
      'ai_sysadmin_llm_queue_depth',
      'ai_sysadmin_process_resident_memory_bytes',
    ]) {
      expect(res.text).toMatch(new RegExp(`^(# TYPE )?${name}`, 'm'));
    }
  });
});

describe('the TCP listener', () => {
  it('answers the bare health probe without a token, and nothing else', async () => {
    expect(await (await fetch(`${tcp}/v1/health`)).json()).toEqual({ ok: true });
    const denied = await fetch(`${tcp}/v1/status`);
    expect(denied.status).toBe(401);
    expect(denied.headers.get('www-authenticate')).toBe('Bearer');
    expect((await fetch(`${tcp}/v1/status`, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
    expect((await fetch(`${tcp}/metrics`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
  });

  it('takes an Alertmanager v4 payload: firing opens an issue, resolved resolves it', async () => {
    const payload = (status: 'firing' | 'resolved') => ({
      version: '4',
      groupKey: '{}:{alertname="DiskWillFillIn4Hours"}',
      truncatedAlerts: 0,
      status,
      receiver: 'ai-sysadmin',
      groupLabels: { alertname: 'DiskWillFillIn4Hours' },
      commonLabels: { alertname: 'DiskWillFillIn4Hours', instance: 'nas:9100', severity: 'warning' },
      commonAnnotations: {},
      externalURL: 'http://alertmanager:9093',
      alerts: [
        {
          status,
          labels: { alertname: 'DiskWillFillIn4Hours', instance: 'nas:9100', mountpoint: '/srv', severity: 'warning' },
          annotations: { summary: '/srv on nas will be full within 4 hours' },
          startsAt: '2025-03-01T10:00:00Z',
          endsAt: status === 'resolved' ? '2025-03-01T11:00:00Z' : '0001-01-01T00:00:00Z',
          generatorURL: 'http://prometheus:9090/graph',
          fingerprint: 'c4c6b2e3a1f0d9e8',
        },
      ],
    });
    const send = (status: 'firing' | 'resolved') =>
      fetch(`${tcp}${API_PATHS.alertmanager}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(payload(status)),
      });
    expect(await (await send('firing')).json()).toEqual({ opened: 1, updated: 0, resolved: 0, ignored: 0 });
    const [issue] = daemon.tracker.active();
    expect(issue).toMatchObject({
      host: 'nas',
      source: 'alertmanager',
      rule: 'alertmanager',
      subject: 'DiskWillFillIn4Hours',
      severity: 'warning',
      title: 'DiskWillFillIn4Hours: /srv on nas will be full within 4 hours',
    });
    expect(await (await send('firing')).json()).toMatchObject({ updated: 1 });
    expect(await (await send('resolved')).json()).toMatchObject({ resolved: 1 });
    expect(daemon.tracker.get(issue!.id).status).toBe('resolved');
    const shown = await api.json<{ issue: { timeline: Array<{ event: string }> } }>('GET', API_PATHS.issue(issue!.id));
    expect(shown.issue.timeline.map((e) => e.event)).toEqual(['opened', 'resolved']);
  });
});

describe('starting', () => {
  it('refuses an api.group that does not exist, naming it and how to fix it', async () => {
    const bad = await daemonConfig({ api: { group: 'no-such-group-xyz' } });
    await expect(startDaemon(bad)).rejects.toMatchObject({
      code: 'API_SOCKET',
      message: 'the group "no-such-group-xyz" (api.group) does not exist',
    });
  });
});
