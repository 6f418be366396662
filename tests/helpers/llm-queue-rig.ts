/**
 * A real Redis, an Ollama-API server and the LLM queue between them, for the worker's tests and
 * benches: a config pointing at both, a producer client, and (optionally) an in-process worker.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Config, type ConfigInput, createLogger, parseConfig } from '@ai-sysadmin/core';
import { LlmQueueClient, type LlmWorker, startLlmWorker } from '@ai-sysadmin/worker';
import { startFakeOllama, startRedis, tempDir, type FakeOllama, type RedisServer } from '../rig/index.js';

export const quietLogger = () => createLogger({ level: process.env.TEST_LOG_LEVEL ?? 'silent', component: 'test' });

let counter = 0;

/** A config for one test: its own assistant name, so its queue is its own on a shared Redis. */
export function queueConfig(redis: { url: string }, ollama: { url: string }, over: Partial<ConfigInput> = {}): Config {
  const stateDir = tempDir('state');
  mkdirSync(join(stateDir, 'tool_cache'), { recursive: true });
  return parseConfig({
    aiName: `t${process.pid}-${++counter}`,
    redisUrl: redis.url,
    ollamaHost: ollama.url,
    stateDir,
    logLevel: 'silent',
    ...over,
    llm: { retryBackoffMs: 100, retryAttempts: 3, lockDurationSec: 2, stalledIntervalSec: 1, shutdownGraceSec: 5, ...(over.llm ?? {}) },
  });
}

export interface QueueRig {
  redis: RedisServer;
  ollama: FakeOllama;
  stop(): Promise<void>;
}

export async function startQueueRig(): Promise<QueueRig> {
  const redis = await startRedis();
  const ollama = await startFakeOllama({ models: ['qwen3:8b', 'nomic-embed-text:latest'] });
  return {
    redis,
    ollama,
    stop: async () => {
      await ollama.stop();
      await redis.stop();
    },
  };
}

/** A producer and a worker on one config; close() ends both. */
export async function startQueue(config: Config, options: { worker?: boolean } = {}) {
  const logger = quietLogger();
  const client = new LlmQueueClient(config, { logger });
  const worker: LlmWorker | undefined = options.worker === false ? undefined : await startLlmWorker(config, { logger });
  return {
    client,
    worker,
    close: async () => {
      await client.close();
      await worker?.close({ graceMs: 0 });
    },
  };
}
