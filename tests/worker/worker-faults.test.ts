/**
 * The LLM queue when things break for real: the worker process killed with SIGKILL mid-job,
 * Redis restarted (empty: the rig's Redis keeps nothing) under a waiting producer, Ollama down
 * and back, Redis down when a job is asked for.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { type Config, type JobEvent, JOB_EVENT_FIELD, LlmQueueKeys } from '@ai-sysadmin/core';
import { LlmQueueClient, OllamaUnreachableError, QueueUnavailableError, startLlmWorker } from '@ai-sysadmin/worker';
import { REPO_ROOT, type OllamaChatRequest } from '../rig/index.js';
import {
  queueConfig,
  quietLogger,
  spawnWorkerProcess,
  startQueue,
  startQueueRig,
  type QueueRig,
  type WorkerProcess,
} from '../helpers/llm-queue-rig.js';

const BIN = join(REPO_ROOT, 'packages/cli/dist/bin.js');

let rig: QueueRig;
let redis: Redis;
const cleanups: Array<() => Promise<unknown>> = [];
beforeAll(async () => {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: build first (npx tsc -b)`);
  rig = await startQueueRig();
  redis = new Redis(rig.redis.url, { maxRetriesPerRequest: null });
  redis.on('error', () => {});
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});
afterAll(async () => {
  redis.disconnect();
  await rig.stop();
});

const ask = (content: string) => ({ messages: [{ role: 'user' as const, content }] });
const lastUserMessage = (request: OllamaChatRequest) => request.messages.at(-1)?.content ?? '';
const sentTimes = (content: string) => rig.ollama.chatRequests().filter((r) => lastUserMessage(r) === content).length;

async function streamEvents(keys: LlmQueueKeys, jobId: string): Promise<JobEvent[]> {
  const entries = await redis.xrange(keys.jobEvents(jobId), '-', '+');
  return entries.map(([, fields]) => JSON.parse(fields[fields.indexOf(JOB_EVENT_FIELD) + 1]!) as JobEvent);
}

/** The built worker as its own process, killed at the end of the test if it is still there. */
function workerProcess(config: Config): WorkerProcess {
  const worker = spawnWorkerProcess(config);
  cleanups.push(() => worker.kill());
  return worker;
}

describe('a worker killed mid-job', () => {
  it('is replaced, and every job completes exactly once: none lost, none answered twice', async () => {
    const long = Array.from({ length: 60 }, (_, i) => `a${i} `);
    rig.ollama.onChat((request) =>
      lastUserMessage(request) === 'A'
        ? { chunks: long, chunkDelayMs: 50 }
        : { content: `answer to ${lastUserMessage(request)}` },
    );
    const config = queueConfig(rig.redis, rig.ollama);
    const keys = new LlmQueueKeys(config.aiName);
    const client = new LlmQueueClient(config, { logger: quietLogger() });
    cleanups.push(() => client.close());

    const first = workerProcess(config);
    await expect.poll(first.log, { timeout: 20_000 }).toContain('LLM worker started');
    const a = client.chat(ask('A'), { priority: 'interactive' });
    const others = ['B', 'C', 'D'].map((m) => client.chat(ask(m), { priority: 'autonomous' }));
    await expect
      .poll(() => a.received().filter((e) => e.type === 'token').length, { timeout: 10_000 })
      .toBeGreaterThan(5);

    await first.kill();
    const tokensAtKill = a.received().filter((e) => e.type === 'token').length;
    expect(tokensAtKill).toBeLessThan(long.length);

    const second = workerProcess(config);
    let restarts = 0;
    const text: string[] = [];
    for await (const token of a.tokens(() => {
      restarts++;
      text.length = 0;
    }))
      text.push(token);
    const result = await a;
    expect(result.message.content).toBe(long.join(''));
    expect(text.join('')).toBe(long.join(''));
    expect(restarts).toBe(1);
    expect((await Promise.all(others.map((r) => r.result))).map((r) => r.message.content)).toEqual([
      'answer to B',
      'answer to C',
      'answer to D',
    ]);

    // The second worker saw the first one's job stall and ran it again.
    expect(second.log()).toContain('a job lost its worker (killed?) and was put back in the queue');
    const events = await streamEvents(keys, a.jobId);
    expect(events.filter((e) => e.type === 'started').map((e) => e.attempt)).toEqual([1, 2]);
    expect(events.filter((e) => e.type === 'done' || e.type === 'failed')).toHaveLength(1);
    expect(sentTimes('A')).toBe(2);
    for (const [m, r] of [
      ['B', others[0]!],
      ['C', others[1]!],
      ['D', others[2]!],
    ] as const) {
      expect(sentTimes(m)).toBe(1);
      expect((await streamEvents(keys, r.jobId)).filter((e) => e.type === 'done')).toHaveLength(1);
    }
    expect(await client.counts()).toMatchObject({ completed: 4, failed: 0, active: 0, prioritized: 0 });

    // SIGTERM stops the replacement cleanly.
    second.child.kill('SIGTERM');
    const code = await new Promise((resolve) => second.child.once('exit', (c) => resolve(c)));
    expect(code).toBe(0);
    expect(second.log()).toContain('LLM worker stopped');
  });
});

describe('Redis restarted under a waiting producer', () => {
  it('still answers a job that was running, once', async () => {
    rig.ollama.onChat(() => ({ chunks: Array.from({ length: 30 }, (_, i) => `r${i} `), chunkDelayMs: 60 }));
    const config = queueConfig(rig.redis, rig.ollama);
    const q = await startQueue(config);
    cleanups.push(q.close);
    const request = q.client.chat(ask('during restart'), { priority: 'interactive' });
    await expect.poll(() => request.received().length, { timeout: 10_000 }).toBeGreaterThan(3);
    await rig.redis.restart();
    const result = await request;
    expect(result.message.content).toBe(Array.from({ length: 30 }, (_, i) => `r${i} `).join(''));
    expect(request.received().filter((e) => e.type === 'done')).toHaveLength(1);
    // The job Redis lost was added again; the worker found it already answered and did not ask Ollama twice.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(sentTimes('during restart')).toBe(1);
  });

  it('adds a waiting job Redis lost again, and it is answered when a worker comes', async () => {
    rig.ollama.onChat(() => ({ content: 'answered after the restart' }));
    const config = queueConfig(rig.redis, rig.ollama);
    const q = await startQueue(config, { worker: false });
    cleanups.push(q.close);
    const request = q.client.chat(ask('waiting through a restart'), { priority: 'interactive' });
    await expect.poll(async () => (await q.client.counts()).prioritized).toBe(1);
    await rig.redis.restart();
    await expect.poll(() => request.received().map((e) => e.type), { timeout: 15_000 }).toContain('requeued');
    await expect.poll(async () => (await q.client.counts()).prioritized, { timeout: 10_000 }).toBe(1);
    const worker = await startLlmWorker(config, { logger: quietLogger() });
    cleanups.push(() => worker.close({ graceMs: 0 }));
    expect((await request).message.content).toBe('answered after the restart');
  });

  it('says clearly when Redis cannot be reached to queue a job, and queues nothing', async () => {
    const config = queueConfig(rig.redis, rig.ollama, { llm: { enqueueTimeoutSec: 1 } });
    const client = new LlmQueueClient(config, { logger: quietLogger() });
    cleanups.push(() => client.close());
    await rig.redis.stop();
    try {
      const error = await client.chat(ask('nobody home'), { priority: 'interactive' }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(QueueUnavailableError);
      expect((error as QueueUnavailableError).message).toMatch(
        new RegExp(`^Redis at ${config.redisUrl} is not reachable; the LLM request was not queued`),
      );
    } finally {
      await rig.redis.restart();
    }
    await expect
      .poll(async () => (await client.counts().catch(() => undefined))?.prioritized, { timeout: 10_000 })
      .toBe(0);
  });
});

describe('Ollama down', () => {
  it('retries with backoff while Ollama is down and answers once it is back', async () => {
    rig.ollama.onChat(() => ({ content: 'back again' }));
    const config = queueConfig(rig.redis, rig.ollama, { llm: { retryAttempts: 8, retryBackoffMs: 200 } });
    const q = await startQueue(config);
    cleanups.push(q.close);
    await rig.ollama.stop();
    let restarted = false;
    try {
      const request = q.client.chat(ask('are you there'), { priority: 'interactive' });
      await expect
        .poll(() => request.received().filter((e) => e.type === 'retrying').length, { timeout: 10_000 })
        .toBeGreaterThanOrEqual(2);
      const retry = request.received().find((e) => e.type === 'retrying') as Extract<JobEvent, { type: 'retrying' }>;
      expect(retry.error).toMatchObject({
        code: 'OLLAMA_UNREACHABLE',
        message: `Ollama at ${rig.ollama.url} is not reachable (ECONNREFUSED).`,
      });
      const delays = request.received().flatMap((e) => (e.type === 'retrying' ? [e.delayMs] : []));
      expect(delays.slice(0, 2)).toEqual([200, 400]);
      await rig.ollama.restart();
      restarted = true;
      expect((await request).message.content).toBe('back again');
    } finally {
      if (!restarted) await rig.ollama.restart();
    }
  });

  it('gives up after the configured attempts with "Ollama at URL is not reachable"', async () => {
    const config = queueConfig(rig.redis, rig.ollama, { llm: { retryAttempts: 3, retryBackoffMs: 100 } });
    const q = await startQueue(config);
    cleanups.push(q.close);
    await rig.ollama.stop();
    try {
      const request = q.client.chat(ask('anyone'), { priority: 'interactive' });
      const error = await request.then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(OllamaUnreachableError);
      expect((error as Error).message).toBe(
        `Ollama at ${rig.ollama.url} is not reachable after 3 attempts (ECONNREFUSED).`,
      );
      expect(request.received().map((e) => e.type)).toEqual([
        'started',
        'retrying',
        'started',
        'retrying',
        'started',
        'failed',
      ]);
    } finally {
      await rig.ollama.restart();
    }
  });
});
