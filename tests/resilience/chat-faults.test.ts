/**
 * `ask` through the whole daemon (API, agent, queue, the built worker process, the rig's Ollama-API
 * server) while things break: the worker SIGKILLed mid-answer and another one started (the answer
 * comes, once), and Ollama answering 500, breaking its NDJSON, too slow to answer within
 * agent.answerTimeoutSec, or down. Each ask ends with its answer or one clear error event, never
 * silence; and a cycle run meanwhile still finds and announces a problem.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_PATHS, type ChatEvent, type Config } from '@ai-sysadmin/core';
import type { Daemon } from '@ai-sysadmin/orchestrator';
import { type ChatReply, type GotifyReceiver, startGotify, waitUntil } from '../rig/index.js';
import { ensureBuilt } from '../helpers/build.js';
import { type QueueRig, type WorkerProcess, spawnWorkerProcess, startQueueRig } from '../helpers/llm-queue-rig.js';
import type { SocketClient } from '../helpers/socket-client.js';
import { type UnitHost, daemonConfig, gotifyConfig, startDaemon, startUnitHost } from '../helpers/daemon-rig.js';

const ANSWER_TIMEOUT_SEC = 6;
let rig: QueueRig;
let gotify: GotifyReceiver;
let units: UnitHost;
let config: Config;
let daemon: Daemon;
let api: SocketClient;
const workers: WorkerProcess[] = [];

async function worker(): Promise<WorkerProcess> {
  const w = spawnWorkerProcess(config);
  workers.push(w);
  await w.started();
  return w;
}

beforeAll(async () => {
  ensureBuilt();
  [rig, gotify, units] = await Promise.all([startQueueRig(), startGotify(), startUnitHost('chat1')]);
  config = await daemonConfig({
    hosts: [units.host],
    gotify: gotifyConfig(gotify),
    autonomyLevel: 'observe',
    redisUrl: rig.redis.url,
    ollamaHost: rig.ollama.url,
    agent: { answerTimeoutSec: ANSWER_TIMEOUT_SEC },
    llm: { retryAttempts: 2, retryBackoffMs: 100, lockDurationSec: 2, stalledIntervalSec: 1 },
  });
  await worker();
  ({ daemon, api } = await startDaemon(config));
});
afterAll(async () => {
  await daemon?.stop();
  for (const w of workers) await w.kill();
  await Promise.all([rig?.stop(), gotify?.stop(), units?.host.stop()]);
});

/** The model's answer to the agent's turns (requests with tools); summaries get a fixed text. */
function model(reply: (turn: number) => ChatReply) {
  let turn = 0;
  rig.ollama.onChat((request) => (request.tools?.length ? reply(turn++) : { content: 'summary' }));
}

const agentTurns = () => rig.ollama.chatRequests().filter((r) => r.tools?.length).length;

/** The ask's NDJSON events; it must end with exactly one `done` or one `error`. */
async function ask(question: string): Promise<{ events: ChatEvent[]; end: ChatEvent }> {
  const events = await api.ndjson<ChatEvent>('POST', API_PATHS.ask, { question, user: 'alice' });
  const ends = events.filter((e) => e.type === 'done' || e.type === 'error');
  expect(ends, JSON.stringify(events)).toHaveLength(1);
  expect(events.at(-1)).toBe(ends[0]);
  return { events, end: ends[0]! };
}

describe('ask while things break', { timeout: 240_000 }, () => {
  it('the worker SIGKILLed mid-answer and another started: the answer comes, once', async () => {
    model((turn) =>
      turn === 0 ? { content: 'slow answer', delayMs: 2500 } : { content: 'the answer after the crash' },
    );
    const turnsBefore = agentTurns();
    const asking = ask('why is nginx down?');
    await waitUntil('the model to be asked', () => agentTurns() > turnsBefore, 30_000);
    await workers[0]!.kill();
    await worker();
    const { end } = await asking;
    expect(end).toMatchObject({ type: 'done', answer: expect.stringMatching(/answer/) });
  });

  const faults: Array<[string, () => Promise<void> | void, RegExp]> = [
    [
      'Ollama answering 500',
      () => model(() => ({ error: { status: 500, message: 'llama runner process has terminated' } })),
      /500|terminated|Ollama/i,
    ],
    [
      'broken NDJSON',
      () => model(() => ({ chunks: ['partial'], brokenLine: '{"model":"qwen3:8b","message":{"ro' })),
      /Ollama|JSON|invalid|unexpected/i,
    ],
    [
      `30 s to the first token (answerTimeoutSec ${ANSWER_TIMEOUT_SEC})`,
      () => model(() => ({ content: 'too late', delayMs: 30_000 })),
      /answerTimeoutSec|No answer within/,
    ],
    ['the Ollama server down', () => rig.ollama.stop(), /not reachable|Ollama/i],
  ];
  faults.forEach(([name, breakIt, expected], i) => {
    it(`${name}: one clear error within the answer timeout, and cycles go on`, async () => {
      await breakIt();
      const [{ end }] = await Promise.all([
        ask('what is wrong?'),
        (async () => {
          units.fail(`chat-fault-${i}.service`);
          const cycle = await daemon.checkNow();
          expect(cycle.record.hosts.find((h) => h.host === 'chat1')).toMatchObject({ status: 'up' });
        })(),
      ]);
      expect(end.type, JSON.stringify(end)).toBe('error');
      expect(end.type === 'error' && `${end.code}: ${end.message} ${end.hint ?? ''}`).toMatch(expected);
      await waitUntil('the unit announced', () =>
        gotify.messages.some((m) => m.message.replace(/\\(.)/g, '$1').includes(`chat-fault-${i}.service failed`)),
      );
    });
  });
});
