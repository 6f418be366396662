/**
 * The agent's cost before the first token: time to first token of `POST /v1/ask` over the
 * daemon's socket (the built daemon and worker processes, Redis, the Chroma server, the scripted
 * Ollama-API server), less that of the very request the agent sent, sent straight to the Ollama
 * stand-in. What the difference holds: the route, the prompt (knowledge and issue searches, whose
 * query embedding goes through the queue, and Chroma), the capability check (once), the queue's
 * round trip and the token relay back through the daemon.
 */
import { request } from 'node:http';
import { type Bench, type BenchFigure, median, percentile } from './bench-api.js';
import { type OllamaChatRequest, startChroma, startFakeOllama, startRedis, waitUntil } from '../tests/rig/index.js';
import { daemonConfig } from '../tests/helpers/daemon-rig.js';
import { spawnDaemon, writeConfigFile } from '../tests/helpers/daemon-process.js';
import { spawnWorkerProcess } from '../tests/helpers/llm-queue-rig.js';
import { chatStream } from '../tests/helpers/chat-stream.js';

const RUNS = 30;
const WARMUP = 5;

/** Milliseconds from sending the request to the first streamed line of the answer, straight from Ollama. */
function directFirstToken(url: string, body: OllamaChatRequest): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const target = new URL('/api/chat', url);
    const req = request(
      {
        host: target.hostname,
        port: target.port,
        path: target.pathname,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
      },
      (res) => {
        let first: number | undefined;
        res.on('data', () => (first ??= performance.now() - started));
        res.on('end', () => resolve(first ?? Number.NaN));
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify({ ...body, stream: true }));
  });
}

async function askFirstToken(socket: string, question: string): Promise<{ ms: number; sentAt: number }> {
  const sentAt = Date.now();
  const started = performance.now();
  const stream = chatStream(socket, '/v1/ask', { question });
  await stream.until((e) => e.type === 'token' || e.type === 'error' || e.type === 'done');
  const first = stream.events.find((e) => e.event.type !== 'session')!;
  await stream.done;
  if (first.event.type !== 'token') throw new Error(`the ask answered ${JSON.stringify(first.event)}`);
  return { ms: first.at - started, sentAt };
}

const bench: Bench = {
  title: 'chat (ask through the daemon)',
  async run() {
    const [redis, chroma, ollama] = await Promise.all([startRedis(), startChroma(), startFakeOllama()]);
    ollama.onChat(() => ({ chunks: ['The ', 'disks ', 'are ', 'fine.'] }));
    const config = await daemonConfig({
      redisUrl: redis.url,
      chromaUrl: chroma.url,
      ollamaHost: ollama.url,
      autonomyLevel: 'observe',
    });
    const worker = spawnWorkerProcess(config);
    const daemon = spawnDaemon(writeConfigFile(config));
    try {
      await Promise.all([worker.started(), daemon.started()]);
      await waitUntil('the startup cycle', () => daemon.output().includes('"cycle":1,'), 60_000);
      const ask: number[] = [];
      const direct: number[] = [];
      const diffs: number[] = [];
      const toModel: number[] = [];
      const toEmbed: number[] = [];
      for (let i = 0; i < WARMUP + RUNS; i++) {
        const question = `how are the disks? (${i})`;
        const { ms: viaAsk, sentAt } = await askFirstToken(config.api.socket, question);
        const sent = ollama.chatRequests().findLast((r) => r.messages.some((m) => m.content === question))!;
        const chatAt = ollama.requests.findLast((r) => r.path === '/api/chat')!.at;
        const embedAt = ollama.requests.findLast((r) => r.path === '/api/embed' && r.at >= sentAt)?.at;
        const straight = await directFirstToken(ollama.url, sent);
        if (i < WARMUP) continue;
        ask.push(viaAsk);
        direct.push(straight);
        diffs.push(viaAsk - straight);
        toModel.push(chatAt - sentAt);
        if (embedAt !== undefined) toEmbed.push(embedAt - sentAt);
      }
      const figures: BenchFigure[] = [
        {
          name: `/v1/ask first token minus straight to Ollama (median of ${RUNS})`,
          value: median(diffs),
          unit: 'ms',
          target: '<= 30 ms',
          met: median(diffs) <= 30,
          note: `p90 ${percentile(diffs, 90).toFixed(1)} ms; knowledge and issue searches against a real Chroma, embeddings and chat through the queue`,
        },
        { name: `/v1/ask time to first token (median of ${RUNS})`, value: median(ask), unit: 'ms' },
        {
          name: `/v1/ask sent -> the chat request at Ollama (median of ${RUNS})`,
          value: median(toModel),
          unit: 'ms',
          note: `the query embedding reached Ollama after ${median(toEmbed)} ms (median, ms clock)`,
        },
        { name: `straight to Ollama time to first token (median of ${RUNS})`, value: median(direct), unit: 'ms' },
      ];
      return figures;
    } finally {
      daemon.signal('SIGTERM');
      await daemon.exited();
      await worker.stop();
      await Promise.all([redis.stop(), chroma.stop(), ollama.stop()]);
    }
  },
};

export default bench;
