/**
 * Resilience of the whole daemon against the rig's real servers, each killed or broken for real:
 * Redis killed while an approval, messages and issue writes are in flight; the Ollama server
 * down, answering 500, or never answering; Gotify down for several cycles. What is asserted is
 * what a person would check: status still answers and says what is down, the message arrived
 * once and in order, the approval is still there and runs once, Chroma ends up holding every
 * issue. One daemon and one set of servers for the whole file.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_PATHS, type StatusResponse } from '@ai-sysadmin/core';
import { type LlmWorker, startLlmWorker } from '@ai-sysadmin/worker';
import { type Daemon, ISSUES_COLLECTION } from '@ai-sysadmin/orchestrator';
import {
  type ChromaServer,
  type GotifyMessage,
  type GotifyReceiver,
  startChroma,
  startGotify,
  waitUntil,
} from '../rig/index.js';
import { type QueueRig, quietLogger, startQueueRig } from '../helpers/llm-queue-rig.js';
import type { SocketClient } from '../helpers/socket-client.js';
import { type UnitHost, daemonConfig, gotifyConfig, startDaemon, startUnitHost } from '../helpers/daemon-rig.js';

let chroma: ChromaServer;
let rig: QueueRig;
let gotify: GotifyReceiver;
let units: UnitHost;
let worker: LlmWorker;
let daemon: Daemon;
let api: SocketClient;
let aiName: string;

beforeAll(async () => {
  [chroma, rig, gotify, units] = await Promise.all([
    startChroma(),
    startQueueRig(),
    startGotify(),
    startUnitHost('app1'),
  ]);
  const config = await daemonConfig({
    hosts: [units.host],
    autonomyLevel: 'suggest',
    redisUrl: rig.redis.url,
    ollamaHost: rig.ollama.url,
    chromaUrl: chroma.url,
    embedModel: 'nomic-embed-text',
    gotify: gotifyConfig(gotify),
    llm: { retryAttempts: 2, retryBackoffMs: 100, enqueueTimeoutSec: 2 },
    // A cycle waits this long for the agent's diagnosis before its message goes out (60 s by default):
    // with the model hung it is the whole wait, so it is short here.
    agent: { notifyWaitSec: 3 },
  });
  aiName = config.aiName;
  worker = await startLlmWorker(config, { logger: quietLogger() });
  ({ daemon, api } = await startDaemon(config));
});
afterAll(async () => {
  await daemon?.stop();
  await worker?.close({ graceMs: 0 });
  await Promise.all([chroma?.stop(), rig?.stop(), gotify?.stop(), units?.host.stop()]);
});

const status = () => api.json<StatusResponse>('GET', API_PATHS.status);
const dependency = async (name: string) => (await status()).dependencies.find((d) => d.name === name);
const titles = () => gotify.messages.map((m) => m.title);
/** The messages that announce a unit's failure (not its resolution). */
const announcing = (messages: readonly GotifyMessage[], unit: string) =>
  messages.filter((m) => new RegExp(`new: #\\d+ ${unit.replace(/\./g, '\\.')} failed`).test(unescape(m.message)));
/** A message body as a person reads it, without its Markdown escapes. */
const unescape = (markdown: string) => markdown.replace(/\\(.)/g, '$1');
const inChroma = async () => {
  try {
    return await daemon.vectorStore.count(ISSUES_COLLECTION);
  } catch {
    return -1;
  }
};
const settled = () => waitUntil('the outbox to be empty', () => daemon.outbox.depth() === 0, 30_000);

describe('dependencies killed under a running daemon', { timeout: 240_000 }, () => {
  it('Redis killed with an approval, messages and issue writes in flight: the daemon stays up, says so, and loses none of them', async () => {
    units.fail('nginx.service');
    await daemon.checkNow();
    const {
      actions: [pending],
    } = await api.json<{ actions: Array<{ id: number; status: string }> }>('GET', API_PATHS.approvals);
    expect(pending).toMatchObject({ status: 'pending' });
    await waitUntil('issue 1 in Chroma', async () => (await inChroma()) === 1, 60_000);

    await rig.redis.kill();
    // A new problem while Redis is away: the cycle runs, the issue opens, its embedding cannot be queued.
    units.fail('nginx.service', 'cups.service');
    const cycle = await daemon.checkNow();
    expect(cycle.record.hosts.find((h) => h.host === 'app1')).toMatchObject({ status: 'up' });
    await api.json('POST', API_PATHS.notify, { title: 'while redis is down', message: 'still delivered' });
    await waitUntil('status to say Redis is down', async () => (await dependency('redis'))?.state === 'down', 30_000);
    expect((await dependency('redis'))!.detail).toMatch(/Redis at redis:\/\/127\.0\.0\.1:\d+ is not reachable/);
    await settled();
    expect(titles().filter((t) => t.includes('while redis is down'))).toHaveLength(1);
    expect(daemon.tracker.active().map((i) => i.subject)).toEqual(['nginx.service', 'cups.service']);
    expect(daemon.vectorStore.pendingWrites()).toBeGreaterThan(0);
    // The approval is on disk, not in Redis: still there, still pending.
    expect(await api.json('GET', API_PATHS.approval(pending!.id))).toMatchObject({
      action: { id: pending!.id, status: 'pending' },
    });

    await rig.redis.restart();
    await waitUntil('status to say Redis is back', async () => (await dependency('redis'))?.state === 'up', 30_000);
    // The write Redis lost (or never took) is replayed from the buffer once the queue is back.
    await waitUntil(
      'both issues in Chroma',
      async () => (await inChroma()) === 2 && daemon.vectorStore.pendingWrites() === 0,
      90_000,
    );
    const before = units.restarts('nginx.service');
    await api.ndjson('POST', API_PATHS.approve(pending!.id), { by: 'alice' });
    expect(units.restarts('nginx.service')).toBe(before + 1);
    expect(await api.json('GET', API_PATHS.approval(pending!.id))).toMatchObject({ action: { status: 'succeeded' } });
    await settled();
    // Every issue was announced exactly once.
    for (const unit of ['nginx.service', 'cups.service'])
      expect(announcing(gotify.messages, unit), unit).toHaveLength(1);
  });

  it('the Ollama server down, answering 500, or never answering: cycles go on and the rule-based message goes out in the same cycle', async () => {
    const faults: Array<[string, () => Promise<void>]> = [
      ['down', () => rig.ollama.stop()],
      [
        '500',
        async () => {
          await rig.ollama.restart();
          rig.ollama.onEmbed(() => {
            throw Object.assign(new Error('llama runner process has terminated'), { status: 500 });
          });
        },
      ],
      ['hung', async () => rig.ollama.onEmbed(() => new Promise(() => undefined))],
    ];
    let n = 0;
    for (const [name, breakIt] of faults) {
      await breakIt();
      const unit = `ollama-${name}-${++n}.service`;
      units.fail(unit);
      const sentBefore = gotify.messages.length;
      const cycle = await daemon.checkNow();
      expect(
        cycle.record.hosts.find((h) => h.host === 'app1'),
        name,
      ).toMatchObject({ status: 'up' });
      await settled();
      const fresh = gotify.messages.slice(sentBefore);
      expect(announcing(fresh, unit), `the message for ${unit} with Ollama ${name}`).toHaveLength(1);
      expect((await status()).ai).toBe(aiName);
    }
    await rig.ollama.restart();
    rig.ollama.onEmbed((texts) => texts.map(() => new Array<number>(16).fill(0.5)));
  });

  it('Gotify down for several cycles: every message delivered later, in order, once', async () => {
    await gotify.kill();
    const sentBefore = gotify.messages.length;
    const expected: string[] = [];
    for (let i = 1; i <= 4; i++) {
      units.fail(`gotify-down-${i}.service`);
      await daemon.checkNow();
      await api.json('POST', API_PATHS.notify, { title: `note ${i}`, message: `note ${i}` });
      expected.push(`gotify-down-${i}.service`, `note ${i}`);
    }
    await waitUntil('the outbox to say Gotify fails', async () =>
      (await status()).outbox.some((o) => o.target === 'gotify' && o.depth > 0 && o.lastError !== null),
    );
    await gotify.restart();
    await settled();
    const fresh = gotify.messages.slice(sentBefore);
    // Each message once, in the order it was written: the cycle's, then the note, four times.
    const order = fresh.flatMap((m) => {
      const i = expected.findIndex((e) =>
        e.startsWith('note') ? m.title === `${aiName}: ${e}` : announcing([m], e).length === 1,
      );
      return i === -1 ? [] : [i];
    });
    expect(order).toEqual(expected.map((_, i) => i));
  });
});
