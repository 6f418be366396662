/**
 * The LLM queue under load (the built worker processes, a real Redis, the rig's Ollama-API servers):
 * - 10 000 queued batch jobs: Redis memory per queued job, and how long an interactive job waits
 *   after the job in flight ends (target: within 50 ms of it);
 * - two workers, each with its own Ollama server, on one queue: how the jobs spread, whether any
 *   server ever had two requests at once (each worker runs one at a time), whether an interactive
 *   job still goes first, and whether the other worker takes the jobs of one SIGKILLed mid-job.
 * QUEUE_LOAD_JOBS sets the backlog (default 10 000).
 */
import { mkdirSync } from 'node:fs';
import { connect } from 'node:net';
import { type Config, parseConfig } from '@ai-sysadmin/core';
import { LlmQueueClient } from '@ai-sysadmin/worker';
import type { Bench, BenchFigure } from './bench-api.js';
import { type FakeOllama, type RedisServer, startFakeOllama, startRedis, tempDir } from '../tests/rig/index.js';
import { quietLogger, spawnWorkerProcess } from '../tests/helpers/llm-queue-rig.js';

const BACKLOG = Number(process.env.QUEUE_LOAD_JOBS ?? 10_000);
const SPREAD_JOBS = 40;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const lastUser = (messages: Array<{ content: string }>) => messages.at(-1)?.content ?? '';

function usedMemory(redis: RedisServer): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = connect({ port: redis.port, host: '127.0.0.1' });
    let text = '';
    socket.once('connect', () => socket.write('INFO memory\r\n'));
    socket.on('data', (d) => {
      text += d.toString();
      const m = /used_memory:(\d+)/.exec(text);
      if (m) {
        socket.destroy();
        resolve(Number(m[1]));
      }
    });
    socket.once('error', reject);
  });
}

function configFor(redis: RedisServer, ollama: FakeOllama, aiName: string): Config {
  const stateDir = tempDir('queue-load');
  mkdirSync(stateDir, { recursive: true });
  return parseConfig({
    aiName,
    redisUrl: redis.url,
    ollamaHost: ollama.url,
    stateDir,
    logLevel: 'silent',
    llm: { lockDurationSec: 2, stalledIntervalSec: 1 },
  });
}

const bench: Bench = {
  title: 'LLM queue under load',
  async run() {
    const redis = await startRedis();
    const a = await startFakeOllama();
    const b = await startFakeOllama();
    try {
      return [...(await backlog(redis, a)), ...(await twoWorkers(redis, a, b))];
    } finally {
      await Promise.all([a.stop(), b.stop()]);
      await redis.stop();
    }
  },
};
export default bench;

async function backlog(redis: RedisServer, ollama: FakeOllama): Promise<BenchFigure[]> {
  const config = configFor(redis, ollama, 'load');
  const worker = spawnWorkerProcess(config);
  await worker.started();
  const client = new LlmQueueClient(config, { logger: quietLogger() });
  let inFlightEnded = 0;
  let interactiveStarted = 0;
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => (release = resolve));
  ollama.onChat(async (request) => {
    const message = lastUser(request.messages);
    if (message === 'in flight') {
      await held;
      inFlightEnded = performance.now();
    }
    if (message === 'interactive') interactiveStarted = performance.now();
    return { content: 'ok' };
  });
  try {
    const inFlight = client.chat({ messages: [{ role: 'user', content: 'in flight' }] }, { priority: 'batch' });
    while (!ollama.chatRequests().some((r) => lastUser(r.messages) === 'in flight')) await sleep(5);
    const before = await usedMemory(redis);
    const queued = Array.from({ length: BACKLOG }, (_, i) =>
      client.chat({ messages: [{ role: 'user', content: `batch ${i}` }] }, { priority: 'batch' }),
    );
    for (const q of queued) q.result.catch(() => undefined);
    while (((await client.counts()).prioritized ?? 0) < BACKLOG) await sleep(50);
    const after = await usedMemory(redis);
    const interactive = client.chat(
      { messages: [{ role: 'user', content: 'interactive' }] },
      { priority: 'interactive' },
    );
    await sleep(200);
    release();
    await interactive.result;
    await inFlight.result;
    const gap = interactiveStarted - inFlightEnded;
    return [
      {
        name: `Redis memory per queued job (${BACKLOG} batch jobs)`,
        value: (after - before) / BACKLOG,
        unit: 'bytes',
        note: `${((after - before) / 2 ** 20).toFixed(1)} MiB for the backlog`,
      },
      {
        name: `interactive job behind 1 in flight + ${BACKLOG} queued: start after the in-flight job ends`,
        value: gap,
        unit: 'ms',
        target: '<= 50 ms',
        met: gap <= 50,
      },
    ];
  } finally {
    await client.close();
    await worker.kill();
  }
}

async function twoWorkers(redis: RedisServer, a: FakeOllama, b: FakeOllama): Promise<BenchFigure[]> {
  const aiName = 'spread';
  const configA = configFor(redis, a, aiName);
  const configB = { ...configFor(redis, b, aiName), stateDir: configA.stateDir };
  const served = new Map<FakeOllama, string[]>([
    [a, []],
    [b, []],
  ]);
  let overlaps = 0;
  for (const server of [a, b]) {
    let busy = 0;
    server.onChat(async (request) => {
      if (++busy > 1) overlaps++;
      await sleep(100);
      served.get(server)!.push(lastUser(request.messages));
      busy--;
      return { content: 'ok' };
    });
  }
  const workerA = spawnWorkerProcess(configA);
  const workerB = spawnWorkerProcess(configB);
  await Promise.all([workerA.started(), workerB.started()]);
  const client = new LlmQueueClient(configA, { logger: quietLogger() });
  try {
    const jobs = Array.from({ length: SPREAD_JOBS }, (_, i) =>
      client.chat({ messages: [{ role: 'user', content: `job ${i}` }] }, { priority: 'batch' }),
    );
    while (served.get(a)!.length + served.get(b)!.length < 4) await sleep(10);
    const interactive = client.chat(
      { messages: [{ role: 'user', content: 'interactive' }] },
      { priority: 'interactive' },
    );
    await interactive.result;
    const doneBeforeInteractive = served.get(a)!.length + served.get(b)!.length - 1;
    // One worker dies mid-job: the other takes its job (after its lock runs out) and the rest.
    while (served.get(a)!.length + served.get(b)!.length < 12) await sleep(10);
    await workerA.kill();
    const results = await Promise.allSettled(jobs.map((j) => j.result));
    const failed = results.filter((r) => r.status === 'rejected').length;
    const byA = served.get(a)!.filter((m) => m.startsWith('job')).length;
    const byB = served.get(b)!.filter((m) => m.startsWith('job')).length;
    return [
      {
        name: `two workers, ${SPREAD_JOBS} jobs: served by each Ollama (A killed part-way)`,
        value: byB,
        unit: 'jobs at B',
        note: `A ${byA}, B ${byB} (a job A had in flight when killed is served again by B)`,
      },
      {
        name: 'two workers: times one Ollama server had two requests at once',
        value: overlaps,
        unit: 'times',
        target: '= 0 (each worker runs one job at a time)',
        met: overlaps === 0,
      },
      {
        name: 'two workers: jobs done before the interactive one, after it was queued',
        value: Math.max(0, doneBeforeInteractive - 4),
        unit: 'jobs',
        target: '<= 2 (only the jobs in flight)',
        met: doneBeforeInteractive - 4 <= 2,
      },
      {
        name: 'two workers, one SIGKILLed: jobs lost',
        value: failed,
        unit: 'jobs',
        target: '= 0',
        met: failed === 0,
      },
    ];
  } finally {
    await client.close();
    await Promise.all([workerA.kill(), workerB.kill()]);
  }
}
