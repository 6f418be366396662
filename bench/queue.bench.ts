/**
 * The LLM queue's own cost, and what the deterministic reduction saves:
 * - overhead per job: a chat job through Redis, the worker process and back, against an Ollama
 *   stand-in that answers at once, less the same request sent to the stand-in directly;
 * - interactive wait: an interactive job queued behind one job in flight and 250 queued jobs
 *   (200 batch, 50 autonomous) starts how long after the job in flight ends;
 * - LLM economy: LLM calls and prompt tokens to summarize a 100 000-line, ~10 MB journal built
 *   from a real one (tests/helpers/real-looking-journal.ts), versus naive 8 KB chunks.
 * The worker runs as its own process (`ai-sysadmin worker`), as it does in production.
 */
import { mkdirSync } from 'node:fs';
import { Ollama } from 'ollama';
import { parseConfig } from '@ai-sysadmin/core';
import { LlmQueueClient, estimateTokens } from '@ai-sysadmin/worker';
import type { Bench, BenchFigure } from './bench-api.js';
import { median, percentile } from './bench-api.js';
import { startFakeOllama, startRedis, tempDir, type OllamaChatRequest } from '../tests/rig/index.js';
import { quietLogger, spawnWorkerProcess } from '../tests/helpers/llm-queue-rig.js';
import { realLookingJournal } from '../tests/helpers/real-looking-journal.js';

const OVERHEAD_JOBS = 300;
const WARMUP_JOBS = 30;
const WAIT_ROUNDS = 5;
const IN_FLIGHT_MS = 1000;

const lastUserMessage = (r: OllamaChatRequest) => r.messages.at(-1)?.content ?? '';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const bench: Bench = {
  title: 'LLM queue',
  async run() {
    const redis = await startRedis();
    const ollama = await startFakeOllama();
    const stateDir = tempDir('bench-state');
    mkdirSync(stateDir, { recursive: true });
    const config = parseConfig({
      aiName: 'bench',
      redisUrl: redis.url,
      ollamaHost: ollama.url,
      stateDir,
      logLevel: 'silent',
    });
    const worker = spawnWorkerProcess(config);
    await worker.started();
    const client = new LlmQueueClient(config, { logger: quietLogger() });
    const figures: BenchFigure[] = [];
    try {
      figures.push(...(await overhead(client, ollama.url, ollama)));
      figures.push(...(await interactiveWait(client, ollama)));
      figures.push(...(await economy(client, ollama)));
    } finally {
      await client.close();
      await worker.stop();
      await ollama.stop();
      await redis.stop();
    }
    return figures;
  },
};
export default bench;

async function overhead(
  client: LlmQueueClient,
  url: string,
  ollama: Awaited<ReturnType<typeof startFakeOllama>>,
): Promise<BenchFigure[]> {
  ollama.onChat(() => ({ content: 'ok' }));
  const request = { messages: [{ role: 'user' as const, content: 'ping' }] };
  const queued: number[] = [];
  for (let i = 0; i < WARMUP_JOBS + OVERHEAD_JOBS; i++) {
    const started = performance.now();
    await client.chat(request, { priority: 'interactive' });
    if (i >= WARMUP_JOBS) queued.push(performance.now() - started);
  }
  // The same request straight to the stand-in, as the worker sends it (streaming, same options).
  const direct: number[] = [];
  const ollamaClient = new Ollama({ host: url });
  for (let i = 0; i < WARMUP_JOBS + OVERHEAD_JOBS; i++) {
    const started = performance.now();
    const stream = await ollamaClient.chat({
      model: 'qwen3:8b',
      messages: request.messages,
      stream: true,
      options: { num_ctx: 8192 },
    });
    for await (const _part of stream) {
      // read it all, as the worker does
    }
    if (i >= WARMUP_JOBS) direct.push(performance.now() - started);
  }
  const overheadMs = median(queued) - median(direct);
  return [
    {
      name: `chat job round trip through the queue (median of ${OVERHEAD_JOBS})`,
      value: median(queued),
      unit: 'ms',
      note: `p95 ${percentile(queued, 95).toFixed(2)} ms`,
    },
    {
      name: `same request straight to the Ollama stand-in (median of ${OVERHEAD_JOBS})`,
      value: median(direct),
      unit: 'ms',
    },
    {
      name: 'queue overhead per job (median round trip less median direct request)',
      value: overheadMs,
      unit: 'ms',
      target: '< 5 ms',
      met: overheadMs < 5,
      note: 'producer -> Redis -> worker process -> Ollama stand-in -> events stream -> producer',
    },
  ];
}

async function interactiveWait(
  client: LlmQueueClient,
  ollama: Awaited<ReturnType<typeof startFakeOllama>>,
): Promise<BenchFigure[]> {
  const gaps: number[] = [];
  const totals: number[] = [];
  for (let round = 0; round < WAIT_ROUNDS; round++) {
    let inFlightEnded = 0;
    let interactiveStarted = 0;
    ollama.onChat(async (request) => {
      const message = lastUserMessage(request);
      if (message === `in flight ${round}`) {
        await sleep(IN_FLIGHT_MS);
        inFlightEnded = performance.now();
      }
      if (message === `interactive ${round}`) interactiveStarted = performance.now();
      return { content: 'ok' };
    });
    const inFlight = client.chat(
      { messages: [{ role: 'user', content: `in flight ${round}` }] },
      { priority: 'batch' },
    );
    while (!ollama.chatRequests().some((r) => lastUserMessage(r) === `in flight ${round}`)) await sleep(5);
    const backlog = [
      ...Array.from({ length: 200 }, (_, i) =>
        client.chat({ messages: [{ role: 'user', content: `batch ${i}` }] }, { priority: 'batch' }),
      ),
      ...Array.from({ length: 50 }, (_, i) =>
        client.chat({ messages: [{ role: 'user', content: `autonomous ${i}` }] }, { priority: 'autonomous' }),
      ),
    ];
    while (((await client.counts()).prioritized ?? 0) < 250) await sleep(5);
    const enqueued = performance.now();
    const interactive = client.chat(
      { messages: [{ role: 'user', content: `interactive ${round}` }] },
      { priority: 'interactive' },
    );
    await interactive;
    gaps.push(interactiveStarted - inFlightEnded);
    totals.push(interactiveStarted - enqueued);
    await Promise.all([inFlight.result, ...backlog.map((r) => r.result)]);
  }
  const gap = median(gaps);
  return [
    {
      name: `interactive job behind 1 in flight + 250 queued: start after the in-flight job ends (median of ${WAIT_ROUNDS})`,
      value: gap,
      unit: 'ms',
      target: '<= 50 ms',
      met: gap <= 50,
      note: `max ${Math.max(...gaps).toFixed(1)} ms; in-flight job ${IN_FLIGHT_MS} ms`,
    },
    {
      name: `interactive job: wait from enqueue to start (median of ${WAIT_ROUNDS})`,
      value: median(totals),
      unit: 'ms',
      note: 'the rest of the in-flight job plus the gap above; the 250 queued jobs add nothing',
    },
  ];
}

async function economy(
  client: LlmQueueClient,
  ollama: Awaited<ReturnType<typeof startFakeOllama>>,
): Promise<BenchFigure[]> {
  ollama.onChat(() => ({ content: 'A short summary of what the journal shows.' }));
  const lines = realLookingJournal({ lines: 100_000, seed: 42 });
  const text = `${lines.join('\n')}\n`;
  const bytes = Buffer.byteLength(text);
  const before = ollama.chatRequests().length;
  const started = performance.now();
  const result = await client.summarize({ text, title: 'journalctl -b' }, { priority: 'batch' });
  const elapsed = performance.now() - started;
  const sent = ollama.chatRequests().slice(before);
  const estimated = sent.reduce((n, r) => n + estimateTokens(r.messages.map((m) => m.content).join('\n')), 0);
  const naiveCalls = Math.ceil(bytes / 8192);
  const naiveTokens = Math.ceil(bytes / 4);
  return [
    {
      name: 'journal summarized',
      value: lines.length,
      unit: 'lines',
      note: `${(bytes / 1e6).toFixed(2)} MB, built from the real Arch journal fixture`,
    },
    {
      name: 'LLM calls for the summary',
      value: result.llmCalls,
      unit: 'calls',
      target: '<= 4',
      met: result.llmCalls <= 4 && sent.length === result.llmCalls,
    },
    {
      name: 'prompt tokens for the summary (as the Ollama stand-in counts: 4 chars a token)',
      value: result.promptTokens,
      unit: 'tokens',
      target: '<= 8000',
      met: result.promptTokens <= 8000,
      note: `our own, stricter estimate (3 chars a token): ${estimated}`,
    },
    {
      name: 'naive 8 KB chunking would make',
      value: naiveCalls,
      unit: 'calls',
      note: `and send ~${naiveTokens} prompt tokens`,
    },
    { name: 'LLM calls saved: naive / ours', value: naiveCalls / result.llmCalls, unit: 'x' },
    { name: 'prompt tokens saved: naive / ours', value: naiveTokens / result.promptTokens, unit: 'x' },
    {
      name: 'summary job wall time with an instant model',
      value: elapsed,
      unit: 'ms',
      note: `${result.templates} templates, ${result.omittedTemplates} left out; reduction + cache write + queue`,
    },
  ];
}
