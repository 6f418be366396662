/**
 * Summaries of large outputs through the queue: the full text kept in the ToolCache, a
 * deterministic reduction, and only that reduction sent to the model, in chunks sized to its
 * context, with progress per chunk.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { LlmQueueKeys, ToolCache, type JobEvent } from '@ai-sysadmin/core';
import { estimateTokens } from '@ai-sysadmin/worker';
import type { OllamaChatRequest } from '../rig/index.js';
import { queueConfig, startQueue, startQueueRig, type QueueRig } from '../helpers/llm-queue-rig.js';
import { realLookingJournal } from '../helpers/real-looking-journal.js';

let rig: QueueRig;
let journal: string[];
const cleanups: Array<() => Promise<unknown>> = [];
beforeAll(async () => {
  rig = await startQueueRig();
  journal = realLookingJournal({ lines: 100_000, seed: 11 });
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  rig.ollama.contextLength = 8192;
});
afterAll(() => rig.stop());

const isSummaryCall = (r: OllamaChatRequest) =>
  r.messages[0]?.role === 'system' && r.messages[0].content.includes('You summarize logs');
const promptOf = (r: OllamaChatRequest) => r.messages.map((m) => m.content).join('\n');

async function queue(over: Parameters<typeof queueConfig>[2] = {}) {
  const config = queueConfig(rig.redis, rig.ollama, over);
  const q = await startQueue(config);
  cleanups.push(q.close);
  return { ...q, config };
}

describe('summarize', () => {
  it('summarizes a 100 000-line journal in a bounded number of calls, with progress, keeping the whole journal by id', async () => {
    let calls = 0;
    rig.ollama.onChat((request) => ({ content: isSummaryCall(request) ? `summary ${++calls}` : 'not a summary' }));
    const { client, config } = await queue();
    const before = rig.ollama.chatRequests().length;
    const text = `${journal.join('\n')}\n`;
    const request = client.summarize({ text, title: 'journalctl -b on web1' }, { priority: 'autonomous' });
    const result = await request;

    const sent = rig.ollama.chatRequests().slice(before);
    expect(sent.every(isSummaryCall)).toBe(true);
    expect(result.llmCalls).toBe(sent.length);
    expect(result.llmCalls).toBeLessThanOrEqual(4);
    expect(result).toMatchObject({
      summary: `summary ${result.llmCalls}`,
      lines: 100_000,
      bytes: Buffer.byteLength(text),
      chunks: 1,
    });
    expect(result.reducedTokens).toBeLessThanOrEqual(config.llm.summaryTokenBudget);
    // Every prompt fits the context the model was asked to use, with room for the answer.
    for (const call of sent) {
      expect(call.options).toMatchObject({ num_ctx: 8192, num_predict: config.llm.answerTokens });
      expect(estimateTokens(promptOf(call))).toBeLessThanOrEqual(8192 - config.llm.answerTokens);
    }
    // Errors of the journal reached the model.
    expect(promptOf(sent[0]!)).toContain('Failed to apply ACL on /dev/dri/card0');
    expect(promptOf(sent[0]!)).toContain('journalctl -b on web1');

    const progress = request
      .received()
      .filter((e): e is Extract<JobEvent, { type: 'progress' }> => e.type === 'progress');
    expect(progress.map((p) => `${p.stage} ${p.done}/${p.total}`)).toEqual(['reduce 0/1', 'reduce 1/1', 'chunk 1/1']);
    expect(progress[1]!.message).toMatch(/^100000 lines -> \d+ templates, \d+ shown/);

    // The whole journal is in the cache, page by page; the queue no longer carries it.
    const cache = ToolCache.fromConfig(config);
    const info = await cache.info(result.cacheId);
    expect(info).toMatchObject({ lines: 100_000, bytes: Buffer.byteLength(text), label: 'journalctl -b on web1' });
    expect((await cache.page(result.cacheId, 1)).text.split('\n')[0]).toBe(journal[0]);
    const last = await cache.page(result.cacheId, info.pages);
    expect(last.lastLine).toBe(100_000);
    expect(last.text.trimEnd().split('\n').at(-1)).toBe(journal.at(-1));
    const keys = new LlmQueueKeys(config.aiName);
    const bull = new Queue(keys.queueName, { connection: new Redis(rig.redis.url), prefix: keys.prefix });
    cleanups.push(() => bull.close());
    const job = await bull.getJob(request.jobId);
    expect(job!.data).toEqual({ title: 'journalctl -b on web1', cacheId: result.cacheId });
  });

  it('cuts the reduction into chunks that fit a small model context, then summarizes the summaries', async () => {
    // The model says it was trained on 2048 tokens: that wins over the 8192 of the config.
    rig.ollama.contextLength = 2048;
    rig.ollama.onChat((request) => ({
      content: isSummaryCall(request) ? `part summary (${estimateTokens(promptOf(request))} tokens in)` : '',
    }));
    const { client, config } = await queue({ llm: { answerTokens: 512 } });
    const before = rig.ollama.chatRequests().length;
    const request = client.summarize(
      { text: journal.slice(0, 20_000).join('\n'), focus: 'kernel errors' },
      { priority: 'batch' },
    );
    const result = await request;
    const sent = rig.ollama.chatRequests().slice(before);

    expect(result.chunks).toBeGreaterThan(1);
    expect(result.llmCalls).toBe(result.chunks + 1);
    expect(sent).toHaveLength(result.llmCalls);
    for (const call of sent) {
      expect(call.options).toMatchObject({ num_ctx: 2048 });
      expect(estimateTokens(promptOf(call))).toBeLessThanOrEqual(2048 - 512);
      expect(promptOf(call)).toContain('kernel errors');
    }
    expect(promptOf(sent.at(-1)!)).toContain(`Part ${result.chunks}:\npart summary`);
    const progress = request
      .received()
      .flatMap((e) => (e.type === 'progress' ? [`${e.stage} ${e.done}/${e.total}`] : []));
    expect(progress).toEqual([
      'reduce 0/1',
      'reduce 1/1',
      ...Array.from({ length: result.chunks }, (_, i) => `chunk ${i + 1}/${result.chunks}`),
      'merge 1/1',
    ]);
    expect(result.promptTokens).toBeGreaterThan(0);
    expect(config.llm.contextTokens).toBe(8192);
  });

  it('summarizes output the executor already cached, by id', async () => {
    rig.ollama.onChat(() => ({ content: '<think>The user wants a summary.</think>\n\ntwo warnings' }));
    const { client, config } = await queue();
    const cache = ToolCache.fromConfig(config);
    const entry = await cache.put(journal.slice(0, 50).join('\n'), { label: 'dmesg' });
    const result = await client.summarize({ cacheId: entry.id }, { priority: 'autonomous' });
    expect(result).toMatchObject({ summary: 'two warnings', cacheId: entry.id, lines: 50, llmCalls: 1 });
    const prompt = promptOf(rig.ollama.chatRequests().at(-1)!);
    // Fifty lines fit whole: the model reads them as they are.
    expect(prompt).toContain(journal.slice(0, 50).join('\n'));
  });
});
