/**
 * The LLM queue end to end: a producer, the worker and a real Redis, with an Ollama-API server
 * scripted per test. Each test has its own assistant name, hence its own queue.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { LlmQueueKeys, type JobEvent } from '@ai-sysadmin/core';
import {
  InvalidJobError,
  JobCancelledError,
  LlmTimeoutError,
  ModelNotFoundError,
  ToolCallFormatError,
} from '@ai-sysadmin/worker';
import { hashVector, type OllamaChatRequest } from '../rig/index.js';
import { queueConfig, startQueue, startQueueRig, type QueueRig } from '../helpers/llm-queue-rig.js';

let rig: QueueRig;
let redis: Redis;
const cleanups: Array<() => Promise<unknown>> = [];
beforeAll(async () => {
  rig = await startQueueRig();
  redis = new Redis(rig.redis.url);
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});
afterAll(async () => {
  redis.disconnect();
  await rig.stop();
});

async function queue(over: Parameters<typeof queueConfig>[2] = {}, options: { worker?: boolean } = {}) {
  const config = queueConfig(rig.redis, rig.ollama, over);
  const q = await startQueue(config, options);
  cleanups.push(q.close);
  return { ...q, config, keys: new LlmQueueKeys(config.aiName) };
}

const ask = (content: string) => ({ messages: [{ role: 'user' as const, content }] });
const lastUserMessage = (request: OllamaChatRequest) => request.messages.at(-1)?.content ?? '';

async function collect(events: AsyncIterable<JobEvent>): Promise<JobEvent[]> {
  const out: JobEvent[] = [];
  for await (const event of events) out.push(event);
  return out;
}

describe('chat through the queue', () => {
  it('streams the tokens in the order they were generated, then the whole message', async () => {
    const words = Array.from({ length: 40 }, (_, i) => `w${i} `);
    rig.ollama.onChat(() => ({ chunks: words, chunkDelayMs: 5, promptEvalCount: 12, evalCount: 40 }));
    const { client, config } = await queue();
    const request = client.chat(
      {
        messages: [
          { role: 'system', content: 'be brief' },
          { role: 'user', content: 'why is nginx down?' },
        ],
        options: { temperature: 0.1 },
      },
      { priority: 'interactive' },
    );
    const events = await collect(request.events());
    const result = await request;

    expect(events[0]).toEqual({ type: 'started', attempt: 1 });
    expect(events.filter((e) => e.type === 'token').map((e) => (e as { text: string }).text)).toEqual(words);
    expect(events.at(-1)).toMatchObject({ type: 'done', attempt: 1 });
    expect(result.message).toEqual({ role: 'assistant', content: words.join(''), toolCalls: [] });
    expect(result).toMatchObject({
      model: 'qwen3:8b',
      doneReason: 'stop',
      promptTokens: 12,
      completionTokens: 40,
      toolCallsRepaired: false,
    });
    // What went to Ollama: its wire names, the configured context, streaming on.
    const sent = rig.ollama.chatRequests().at(-1)!;
    expect(sent).toMatchObject({
      model: 'qwen3:8b',
      stream: true,
      options: { num_ctx: config.llm.contextTokens, temperature: 0.1 },
    });
    expect(sent.messages).toEqual([
      { role: 'system', content: 'be brief' },
      { role: 'user', content: 'why is nginx down?' },
    ]);
  });

  it('returns tool calls with their arguments, and sends tools and tool results in Ollama’s shape', async () => {
    rig.ollama.onChat(() => ({
      content: '',
      toolCalls: [{ name: 'systemctl_status', arguments: { unit: 'nginx.service' } }],
    }));
    const { client } = await queue();
    const result = await client.chat(
      {
        messages: [
          { role: 'user', content: 'is nginx up?' },
          { role: 'assistant', content: '', toolCalls: [{ name: 'journal', arguments: { unit: 'nginx' } }] },
          { role: 'tool', content: 'no entries', toolName: 'journal' },
        ],
        tools: [
          {
            name: 'systemctl_status',
            description: 'status of a unit',
            parameters: { type: 'object', properties: { unit: { type: 'string' } } },
          },
          { name: 'journal', description: 'journal of a unit', parameters: { type: 'object' } },
        ],
      },
      { priority: 'interactive' },
    );
    expect(result.message.toolCalls).toEqual([{ name: 'systemctl_status', arguments: { unit: 'nginx.service' } }]);
    const sent = rig.ollama.chatRequests().at(-1)!;
    expect(sent.tools).toEqual([
      {
        type: 'function',
        function: {
          name: 'systemctl_status',
          description: 'status of a unit',
          parameters: { type: 'object', properties: { unit: { type: 'string' } } },
        },
      },
      {
        type: 'function',
        function: { name: 'journal', description: 'journal of a unit', parameters: { type: 'object' } },
      },
    ]);
    expect(sent.messages[1]).toEqual({
      role: 'assistant',
      content: '',
      tool_calls: [{ function: { name: 'journal', arguments: { unit: 'nginx' } } }],
    });
    expect(sent.messages[2]).toEqual({ role: 'tool', content: 'no entries', tool_name: 'journal' });
  });

  it('repairs a tool call Ollama could not parse when the repair is unambiguous', async () => {
    rig.ollama.onChat(() => ({
      error: {
        status: 500,
        message: `error parsing tool call: raw='{"name": "journal", "arguments": {"unit": "nginx", "lines": 50,}}', err=invalid character '}' looking for beginning of object key string`,
      },
    }));
    const { client } = await queue();
    const tools = [
      { name: 'journal', description: 'journal of a unit', parameters: { type: 'object' } },
      { name: 'df', description: 'disk usage', parameters: { type: 'object' } },
    ];
    const result = await client.chat({ ...ask('logs of nginx'), tools }, { priority: 'interactive' });
    expect(result.message.toolCalls).toEqual([{ name: 'journal', arguments: { unit: 'nginx', lines: 50 } }]);
    expect(result.toolCallsRepaired).toBe(true);
  });

  it('returns an error the agent can re-ask with when the tool call is ambiguous, without retrying', async () => {
    rig.ollama.onChat(() => ({
      error: {
        status: 500,
        message: `error parsing tool call: raw='{"unit": "ngin', err=unexpected end of JSON input`,
      },
    }));
    const { client } = await queue();
    const before = rig.ollama.chatRequests().length;
    const tools = [
      { name: 'journal', description: 'journal of a unit', parameters: { type: 'object' } },
      { name: 'df', description: 'disk usage', parameters: { type: 'object' } },
    ];
    const error = await client.chat({ ...ask('logs of nginx'), tools }, { priority: 'interactive' }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ToolCallFormatError);
    expect((error as ToolCallFormatError).raw).toBe('{"unit": "ngin');
    expect((error as ToolCallFormatError).message).toMatch(
      /Ollama could not parse it \(unexpected end of JSON input\); a string is cut off/,
    );
    expect(rig.ollama.chatRequests().length - before).toBe(1);
  });
});

describe('priorities', () => {
  it('runs an interactive job next after the one in flight, ahead of 50 autonomous and 200 batch jobs', async () => {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    rig.ollama.onChat(async (request) => {
      if (lastUserMessage(request) === 'in flight') await released;
      return { content: 'ok' };
    });
    const { client } = await queue();
    const before = rig.ollama.chatRequests().length;
    const inFlight = client.chat(ask('in flight'), { priority: 'batch' });
    await expect.poll(() => rig.ollama.chatRequests().slice(before).map(lastUserMessage)).toEqual(['in flight']);

    const batch = Array.from({ length: 200 }, (_, i) => client.chat(ask(`batch ${i}`), { priority: 'batch' }));
    const autonomous = Array.from({ length: 50 }, (_, i) =>
      client.chat(ask(`autonomous ${i}`), { priority: 'autonomous' }),
    );
    // Everything is queued before the interactive job comes.
    await expect.poll(async () => (await client.counts()).prioritized, { timeout: 20_000 }).toBe(250);
    const interactive = client.chat(ask('interactive'), { priority: 'interactive' });
    await expect.poll(async () => (await client.counts()).prioritized).toBe(251);
    release();
    await Promise.all([inFlight, interactive, ...batch, ...autonomous].map((r) => r.result));

    const order = rig.ollama.chatRequests().slice(before).map(lastUserMessage);
    expect(order).toEqual([
      'in flight',
      'interactive',
      ...Array.from({ length: 50 }, (_, i) => `autonomous ${i}`),
      ...Array.from({ length: 200 }, (_, i) => `batch ${i}`),
    ]);
  });
});

describe('failures people can act on', () => {
  it('fails a job for a model Ollama does not have, at once, saying which model to pull', async () => {
    rig.ollama.onChat(() => ({ content: 'never' }));
    const { client } = await queue({ model: 'llama9:70b' });
    const request = client.chat(ask('hi'), { priority: 'interactive' });
    const error = await request.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ModelNotFoundError);
    expect((error as ModelNotFoundError).message).toBe(`Ollama at ${rig.ollama.url} has no model llama9:70b.`);
    expect((error as ModelNotFoundError).hint).toMatch(/^Run `ollama pull llama9:70b`/);
    const events = await collect(request.events());
    expect(events.map((e) => e.type)).toEqual(['started', 'failed']);
    const embedError = await client.embed({ texts: ['x'], model: 'no-such-embedder' }, { priority: 'batch' }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(embedError).toBeInstanceOf(ModelNotFoundError);
  });

  it('stops a job that runs past its time limit, and goes on with the next', async () => {
    rig.ollama.onChat((request) => (lastUserMessage(request) === 'hang' ? { hang: true } : { content: 'next one' }));
    const { client } = await queue();
    const error = await client.chat({ ...ask('hang'), timeoutMs: 500 }, { priority: 'interactive' }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(LlmTimeoutError);
    expect((error as LlmTimeoutError).message).toBe('The chat job did not finish within 500 ms and was stopped.');
    expect((await client.chat(ask('after'), { priority: 'interactive' })).message.content).toBe('next one');
  });

  it('refuses bad input before anything is queued, naming the field', async () => {
    const { client } = await queue();
    const error = await client
      .chat({ messages: [{ role: 'wizard', content: 'x' }] } as never, { priority: 'interactive' })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(InvalidJobError);
    expect((error as InvalidJobError).message).toMatch(/messages\.0\.role/);
    expect(await client.counts()).toMatchObject({ prioritized: 0, waiting: 0, active: 0, completed: 0 });
  });
});

describe('cancellation', () => {
  it('stops generation of a running chat (Ctrl-C) and frees the worker for the next job', async () => {
    rig.ollama.onChat((request) =>
      lastUserMessage(request) === 'long answer'
        ? { chunks: Array.from({ length: 200 }, (_, i) => `t${i} `), chunkDelayMs: 20 }
        : { content: 'short' },
    );
    const { client, keys } = await queue();
    const request = client.chat(ask('long answer'), { priority: 'interactive' });
    const tokens: string[] = [];
    for await (const token of request.tokens()) {
      tokens.push(token);
      if (tokens.length === 3) await request.cancel();
    }
    await expect(request.result).rejects.toBeInstanceOf(JobCancelledError);
    // Generation stopped: the stream gets no more tokens, and the 200 tokens were never all sent.
    const length = await redis.xlen(keys.jobEvents(request.jobId));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await redis.xlen(keys.jobEvents(request.jobId))).toBe(length);
    expect(length).toBeLessThan(200);
    expect((await client.chat(ask('next'), { priority: 'interactive' })).message.content).toBe('short');
  });

  it('takes a waiting job off the queue, so it never reaches Ollama', async () => {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    rig.ollama.onChat(async (request) => {
      if (lastUserMessage(request) === 'busy') await released;
      return { content: 'ok' };
    });
    const { client } = await queue();
    const busy = client.chat(ask('busy'), { priority: 'batch' });
    await expect.poll(() => rig.ollama.chatRequests().map(lastUserMessage)).toContain('busy');
    const controller = new AbortController();
    const waiting = client.chat(ask('never sent'), { priority: 'interactive', signal: controller.signal });
    await expect.poll(async () => (await client.counts()).prioritized).toBe(1);
    controller.abort();
    await expect(waiting.result).rejects.toBeInstanceOf(JobCancelledError);
    expect(await client.counts()).toMatchObject({ prioritized: 0 });
    release();
    await busy;
    expect(rig.ollama.chatRequests().map(lastUserMessage)).not.toContain('never sent');
  });
});

describe('workers', () => {
  it('tells a producer whether any worker serves its queue', async () => {
    const { client } = await queue({}, { worker: false });
    expect(await client.workers()).toBe(0);
    const { client: served } = await queue();
    expect(await served.workers()).toBe(1);
  });
});

describe('embeddings', () => {
  it('returns one vector per text, in order', async () => {
    const { client } = await queue();
    const texts = ['nginx failed to start', 'disk /var is 97% full', 'sshd accepted key'];
    const result = await client.embed({ texts }, { priority: 'batch' });
    expect(result).toEqual({
      model: 'nomic-embed-text:latest',
      embeddings: texts.map((t) => hashVector(t, 16)),
      dimensions: 16,
      promptTokens: expect.any(Number),
    });
    const sent = rig.ollama.requests.filter((r) => r.path === '/api/embed').at(-1)!.body;
    expect(sent).toMatchObject({ model: 'nomic-embed-text', input: texts, truncate: true });
  });
});

describe('shutdown', () => {
  it('lets the job in flight finish when it can within the grace time', async () => {
    rig.ollama.onChat(() => ({ content: 'finished', delayMs: 400 }));
    const { client, worker } = await queue({ llm: { shutdownGraceSec: 10 } });
    const request = client.chat(ask('x'), { priority: 'interactive' });
    await expect.poll(() => collectSoFar(request)).toContain('started');
    await worker!.close();
    expect((await request).message.content).toBe('finished');
  });

  it('puts the job back in the queue when the grace time is over, and the next worker answers it', async () => {
    rig.ollama.onChat((request) =>
      lastUserMessage(request) === 'slow'
        ? { chunks: Array.from({ length: 100 }, () => 'z '), chunkDelayMs: 50 }
        : { content: 'ok' },
    );
    const q = await queue({ llm: { shutdownGraceSec: 0 } });
    const request = q.client.chat(ask('slow'), { priority: 'interactive' });
    await expect.poll(() => collectSoFar(request)).toContain('token');
    await q.worker!.close();
    expect(await q.client.counts()).toMatchObject({ prioritized: 1, active: 0 });
    expect(collectSoFar(request)).toContain('requeued');
    rig.ollama.onChat(() => ({ content: 'answered by the next worker' }));
    const { startLlmWorker } = await import('@ai-sysadmin/worker');
    const { quietLogger } = await import('../helpers/llm-queue-rig.js');
    const next = await startLlmWorker(q.config, { logger: quietLogger() });
    cleanups.push(() => next.close({ graceMs: 0 }));
    expect((await request).message.content).toBe('answered by the next worker');
    const types = collectSoFar(request);
    expect(types.filter((t) => t === 'started')).toHaveLength(2);
    expect(types.filter((t) => t === 'done')).toHaveLength(1);
  });
});

/** The types of the events a request has received so far. */
function collectSoFar(request: { received(): readonly JobEvent[] }): string[] {
  return request.received().map((e) => e.type);
}
