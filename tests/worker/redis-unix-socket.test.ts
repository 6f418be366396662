/**
 * Redis on a unix socket, as the NixOS module runs it (`unix:///run/redis-ai-sysadmin/redis.sock`):
 * the config accepts the URL, and the queue works over it end to end, with the worker as its own
 * process (the way systemd runs it) and a real redis-server that has TCP turned off.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { ConfigError, LlmQueueKeys, parseConfig } from '@ai-sysadmin/core';
import { JobCancelledError, LlmQueueClient } from '@ai-sysadmin/worker';
import { startFakeOllama, startRedis, type FakeOllama, type RedisServer } from '../rig/index.js';
import { queueConfig, quietLogger, spawnWorkerProcess } from '../helpers/llm-queue-rig.js';

let redis: RedisServer;
let ollama: FakeOllama;
beforeAll(async () => {
  redis = await startRedis({ unixSocket: true });
  ollama = await startFakeOllama({ models: ['qwen3:8b', 'nomic-embed-text:latest'] });
});
afterAll(async () => {
  await ollama?.stop();
  await redis?.stop();
});

describe('redisUrl', () => {
  it('takes a unix socket as unix:///path, optionally with ?db=N', () => {
    expect(parseConfig({ redisUrl: 'unix:///run/redis-ai-sysadmin/redis.sock' }).redisUrl).toBe(
      'unix:///run/redis-ai-sysadmin/redis.sock',
    );
    expect(parseConfig({ redisUrl: 'unix:///run/redis-ai-sysadmin/redis.sock?db=2' }).redisUrl).toBe(
      'unix:///run/redis-ai-sysadmin/redis.sock?db=2',
    );
  });

  it.each([
    'unix://host/run/redis.sock',
    'unix:run/redis.sock',
    'unix:///run/redis.sock?password=x',
    'http://127.0.0.1:6379',
  ])('refuses %s, naming the forms it takes', (url) => {
    expect(() => parseConfig({ redisUrl: url })).toThrow(ConfigError);
    expect(() => parseConfig({ redisUrl: url })).toThrow(
      'redisUrl: must be a redis:// or rediss:// URL, or unix:///path/to/redis.sock',
    );
  });
});

describe('the queue over a unix socket', () => {
  it('the rig server really listens on the socket only', () => {
    expect(redis.url).toMatch(/^unix:\/\/\/.+\/redis\.sock$/);
    expect(redis.port).toBe(0);
  });

  it('keeps the queue in the database named by ?db=N', async () => {
    const config = queueConfig({ url: `${redis.url}?db=3` }, ollama);
    const { prefix, queueName } = new LlmQueueKeys(config.aiName);
    const client = new LlmQueueClient(config, { logger: quietLogger() });
    const path = new URL(redis.url).pathname;
    const db3 = new Redis({ path, db: 3 });
    const db0 = new Redis({ path, db: 0 });
    try {
      // No worker here: the job waits in the queue, where it can be looked for.
      const request = client.chat({ messages: [{ role: 'user', content: 'where?' }] }, { priority: 'interactive' });
      await expect.poll(async () => (await client.counts()).prioritized).toBe(1);
      expect(await db3.keys(`${prefix}:${queueName}:*`)).not.toEqual([]);
      expect(await db0.keys(`${prefix}:${queueName}:*`)).toEqual([]);
      await request.cancel();
      await expect(request.result).rejects.toThrow(JobCancelledError);
    } finally {
      await client.close();
      db3.disconnect();
      db0.disconnect();
    }
  });

  it('a chat job goes from a producer to the worker process and back', async () => {
    ollama.onChat(() => ({ content: 'answered over the socket' }));
    const config = queueConfig(redis, ollama);
    expect(config.redisUrl.startsWith('unix:///')).toBe(true);
    const worker = spawnWorkerProcess(config);
    const client = new LlmQueueClient(config, { logger: quietLogger() });
    try {
      await worker.started();
      const result = await client.chat(
        { messages: [{ role: 'user', content: 'are you there?' }] },
        { priority: 'interactive' },
      );
      expect(result.message.content).toBe('answered over the socket');
      expect(await client.workers()).toBeGreaterThan(0);
    } finally {
      await client.close();
      await worker.stop();
    }
  });
});
