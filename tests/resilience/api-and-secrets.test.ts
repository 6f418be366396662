/**
 * Bad input to the API and where secrets go. One daemon with a managed host (the rig's private
 * key), Gotify (its application token), and a TCP listener (its bearer token): malformed JSON,
 * an oversized body, unknown fields, traversal in ids, a user outside the socket's group, a
 * wrong bearer token: each refused with a clear error and nothing changed. Then, after cycles,
 * messages, refused requests and a Gotify that refuses the token for a while, none of the three
 * secrets appears in anything the daemon wrote or answered: its state directory (logs, audit,
 * outbox, issues), the messages, the API's answers.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_PATHS, type StatusResponse } from '@ai-sysadmin/core';
import type { Daemon } from '@ai-sysadmin/orchestrator';
import { type GotifyReceiver, freePort, rigClientKey, startGotify, tempDir, waitUntil } from '../rig/index.js';
import { SocketClient, raw } from '../helpers/socket-client.js';
import { type UnitHost, daemonConfig, gotifyConfig, startDaemon, startUnitHost } from '../helpers/daemon-rig.js';

const API_TOKEN = 'api-token-Zq8wX3vR7pL2mN5k';
let gotify: GotifyReceiver;
let units: UnitHost;
let daemon: Daemon;
let api: SocketClient;
let tcp: string;
let tokenFile: string;
const answers: string[] = [];

beforeAll(async () => {
  [gotify, units] = await Promise.all([startGotify({ token: 'gotify-secret-Hn4Tq9Vb2Xc7' }), startUnitHost('sec1')]);
  tokenFile = join(tempDir('api-token'), 'token');
  writeFileSync(tokenFile, `${API_TOKEN}\n`, { mode: 0o600 });
  const port = await freePort();
  tcp = `http://127.0.0.1:${port}`;
  const config = await daemonConfig({
    hosts: [units.host],
    gotify: gotifyConfig(gotify),
    autonomyLevel: 'suggest',
    api: { listen: `127.0.0.1:${port}`, tokenFile, bodyLimitBytes: 65_536 },
  });
  ({ daemon, api } = await startDaemon(config));
});
afterAll(async () => {
  await daemon?.stop();
  await gotify?.stop();
  await units?.host.stop();
});

async function send(method: string, path: string, body?: string, headers?: Record<string, string>) {
  const res = await raw(api.socketPath, method, path, body, headers);
  answers.push(res.text);
  return res;
}

describe('bad input to the API', { timeout: 120_000 }, () => {
  it('malformed JSON, an oversized body, unknown fields, traversal in ids: refused with a clear error, nothing changed', async () => {
    units.fail('nginx.service');
    await daemon.checkNow();
    await waitUntil('the outbox to be empty', () => daemon.outbox.depth() === 0, 30_000);
    const before = {
      approvals: JSON.stringify(await api.json('GET', `${API_PATHS.approvals}?status=all`)),
      issues: JSON.stringify(await api.json('GET', API_PATHS.issues)),
      messages: gotify.messages.length,
    };
    const cases: Array<[string, string, string | undefined, number, RegExp]> = [
      ['POST', API_PATHS.notify, '{"title": "x", "message": ', 400, /json|parse|body/i],
      ['POST', API_PATHS.notify, JSON.stringify({ message: 'x'.repeat(70_000) }), 413, /large|limit|bytes/i],
      ['POST', API_PATHS.notify, JSON.stringify({ message: 'x', sudo: true }), 400, /sudo|unrecognized|unknown/i],
      [
        'POST',
        API_PATHS.approve(1),
        JSON.stringify({ by: 'eve', autonomy: 'auto-full' }),
        400,
        /autonomy|unrecognized/i,
      ],
      ['POST', API_PATHS.approve('1%2F..%2F..%2Fetc'), JSON.stringify({ by: 'eve' }), 400, /id/i],
      ['GET', API_PATHS.chatSession('..%2F..%2Fetc%2Fpasswd'), undefined, 400, /id|session/i],
      ['POST', API_PATHS.knowledgeDelete('..%2F..%2Faudit'), JSON.stringify({}), 400, /id/i],
      ['GET', `${API_PATHS.logs}?source=../../etc/shadow`, undefined, 400, /source/i],
    ];
    for (const [method, path, body, status, message] of cases) {
      const res = await send(method, path, body);
      expect(res.status, `${method} ${path}: ${res.text}`).toBe(status);
      expect(res.json<{ error: { message: string } }>().error.message, path).toMatch(message);
    }
    expect(JSON.stringify(await api.json('GET', `${API_PATHS.approvals}?status=all`))).toBe(before.approvals);
    expect(JSON.stringify(await api.json('GET', API_PATHS.issues))).toBe(before.issues);
    expect(daemon.outbox.depth()).toBe(0);
    expect(gotify.messages.length).toBe(before.messages);
  });

  it('a user outside the socket group cannot connect; a wrong bearer token on the TCP listener is refused', async () => {
    const outsider = spawnSync(
      process.execPath,
      [
        '-e',
        `require('node:net').connect(${JSON.stringify(api.socketPath)}).on('connect',()=>{console.log('connected');process.exit(0)}).on('error',e=>{console.log(e.code);process.exit(1)})`,
      ],
      { uid: 65534, gid: 65534, encoding: 'utf8', timeout: 20_000 },
    );
    expect(outsider.stdout.trim()).toBe('EACCES');
    for (const authorization of [undefined, 'Bearer wrong', `Bearer ${API_TOKEN}x`, `Basic ${API_TOKEN}`]) {
      const res = await fetch(`${tcp}${API_PATHS.notify}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
        body: JSON.stringify({ message: 'from outside' }),
      });
      const text = await res.text();
      answers.push(text);
      expect(res.status, authorization).toBe(401);
    }
    await waitUntil('the outbox to be empty', () => daemon.outbox.depth() === 0, 30_000);
    expect(gotify.messages.filter((m) => m.message === 'from outside')).toEqual([]);
  });
});

describe('secrets', { timeout: 120_000 }, () => {
  it('the Gotify token, the private key and the API token appear nowhere the daemon writes or answers', async () => {
    // Gotify refuses the token for a while (so failures are logged), then takes it again.
    writeFileSync(daemon.config().gotify!.tokenFile, 'gotify-secret-Hn4Tq9Vb2Xc7-but-wrong\n');
    await api.json('POST', API_PATHS.notify, { title: 'while refused', message: 'later' });
    await waitUntil('a refused attempt', () => gotify.rejected.length > 0, 30_000);
    writeFileSync(daemon.config().gotify!.tokenFile, 'gotify-secret-Hn4Tq9Vb2Xc7\n');
    units.fail('nginx.service', 'cups.service');
    await daemon.checkNow();
    await waitUntil('the outbox to be empty', () => daemon.outbox.depth() === 0, 30_000);
    const ok = await fetch(`${tcp}${API_PATHS.status}`, { headers: { authorization: `Bearer ${API_TOKEN}` } });
    answers.push(await ok.text());
    answers.push(JSON.stringify(await api.json<StatusResponse>('GET', API_PATHS.status)));
    for (const source of ['orchestrator', 'actions'])
      answers.push(JSON.stringify(await api.json('GET', `${API_PATHS.logs}?source=${source}&lines=100000`)));

    const privateKey = readFileSync(rigClientKey().keyPath, 'utf8');
    const keyBody = privateKey.split('\n').filter((l) => l && !l.startsWith('-----'));
    const secrets = ['gotify-secret-Hn4Tq9Vb2Xc7', API_TOKEN, ...keyBody.filter((l) => l.length >= 20)];
    const written = filesUnder(daemon.config().stateDir).map((path) => ({ path, text: readFileSync(path, 'latin1') }));
    expect(written.length).toBeGreaterThan(5);
    const everything = [
      ...written,
      ...gotify.messages.map((m, i) => ({ path: `gotify message ${i}`, text: JSON.stringify(m) })),
      ...answers.map((text, i) => ({ path: `API answer ${i}`, text })),
    ];
    const leaks = everything.flatMap(({ path, text }) =>
      secrets.filter((s) => text.includes(s)).map((s) => `${path}: ${s.slice(0, 8)}...`),
    );
    expect(leaks).toEqual([]);
  });
});

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    const stat = statSync(path);
    return stat.isDirectory() ? filesUnder(path) : stat.isFile() ? [path] : [];
  });
}
