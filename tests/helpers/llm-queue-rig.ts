/**
 * A real Redis, an Ollama-API server and the LLM queue between them, for the worker's tests and
 * benches: a config pointing at both, a producer client, and (optionally) an in-process worker.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Config, type ConfigInput, createLogger, parseConfig } from '@ai-sysadmin/core';
import { LlmQueueClient, type LlmWorker, startLlmWorker } from '@ai-sysadmin/worker';
import {
  REPO_ROOT,
  startFakeOllama,
  startRedis,
  tempDir,
  waitUntil,
  type FakeOllama,
  type RedisServer,
} from '../rig/index.js';

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
    llm: {
      retryBackoffMs: 100,
      retryAttempts: 3,
      lockDurationSec: 2,
      stalledIntervalSec: 1,
      shutdownGraceSec: 5,
      ...(over.llm ?? {}),
    },
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

export interface WorkerProcess {
  readonly child: ChildProcess;
  log(): string;
  /** Resolves once the worker says it has started. */
  started(): Promise<void>;
  /** SIGTERM, and waits for it to exit. */
  stop(): Promise<void>;
  /** SIGKILL, as in a crash, and waits for it to be gone. */
  kill(): Promise<void>;
}

/** `ai-sysadmin worker --config F` (the built binary) as its own process, the way systemd runs it. */
export function spawnWorkerProcess(config: Config): WorkerProcess {
  const dir = tempDir('worker-proc');
  const configPath = join(dir, 'config.json');
  writeFileSync(configPath, JSON.stringify({ ...config, ssh: undefined, logLevel: 'info' }));
  const logPath = join(dir, 'worker.log');
  const log = openSync(logPath, 'a');
  const child = spawn(
    process.execPath,
    [join(REPO_ROOT, 'packages/cli/bin/ai-sysadmin.js'), 'worker', '--config', configPath],
    {
      stdio: ['ignore', log, log],
    },
  );
  closeSync(log);
  const readLog = () => readFileSync(logPath, 'utf8');
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const running = () => child.exitCode === null && child.signalCode === null;
  const end = async (signal: NodeJS.Signals) => {
    if (running()) child.kill(signal);
    await exited;
  };
  return {
    child,
    log: readLog,
    started: async () => {
      await waitUntil('the worker to start', () => {
        if (!running()) throw new Error(`the worker exited: ${readLog()}`);
        return readLog().includes('LLM worker started');
      });
    },
    stop: () => end('SIGTERM'),
    kill: () => end('SIGKILL'),
  };
}
