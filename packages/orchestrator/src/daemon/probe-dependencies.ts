/**
 * Looks at what the daemon needs but does not own: Redis and the LLM worker (through the queue
 * client), Ollama (GET /api/tags, not inference, so not through the queue) and ChromaDB (its
 * heartbeat). Each probe is bounded; the outcome goes to the DependencyMonitor, which logs a
 * change once. Gotify and the webhook are judged by their deliveries, hosts by the cycles.
 */
import { got } from 'got';
import type { Config } from '@ai-sysadmin/core';
import type { LlmQueueClient } from '@ai-sysadmin/worker';
import type { VectorStore } from '../vector-store/vector-store.js';
import type { DependencyMonitor } from './dependency-monitor.js';

export interface QueueFigures {
  readonly depth: number;
  readonly workers: number;
}

const PROBE_MS = 2000;

export async function probeDependencies(
  config: Config,
  llm: Pick<LlmQueueClient, 'counts' | 'workers'>,
  store: VectorStore,
  monitor: DependencyMonitor,
): Promise<QueueFigures | null> {
  const [queue] = await Promise.all([
    probeQueue(config, llm, monitor),
    probeOllama(config, monitor),
    probeChroma(config, store, monitor),
  ]);
  return queue;
}

async function probeQueue(
  config: Config,
  llm: Pick<LlmQueueClient, 'counts' | 'workers'>,
  monitor: DependencyMonitor,
): Promise<QueueFigures | null> {
  const redis = redactedUrl(config.redisUrl);
  try {
    const [counts, workers] = await bounded(Promise.all([llm.counts(), llm.workers()]));
    monitor.up('redis', redis);
    const depth = (counts.waiting ?? 0) + (counts.prioritized ?? 0) + (counts.delayed ?? 0) + (counts.active ?? 0);
    if (workers > 0) monitor.up('llm-worker', `${workers} worker${workers === 1 ? '' : 's'} on the queue`);
    else
      monitor.down(
        'llm-worker',
        'no worker serves the LLM queue: diagnosis and embeddings wait',
        'start `ai-sysadmin worker`',
      );
    return { depth, workers };
  } catch (error) {
    monitor.down(
      'redis',
      `Redis at ${redis} is not reachable (${message(error)})`,
      'the daemon keeps checking; LLM work waits until Redis is back',
    );
    monitor.expect('llm-worker', 'unknown while Redis is down');
    return null;
  }
}

async function probeOllama(config: Config, monitor: DependencyMonitor): Promise<void> {
  const base = config.ollamaHost.replace(/\/+$/, '');
  try {
    const body = await got
      .get(`${base}/api/tags`, { timeout: { request: PROBE_MS }, retry: { limit: 0 } })
      .json<{ models?: Array<{ name?: string }> }>();
    const names = (body.models ?? []).map((m) => m.name ?? '');
    const has = (model: string) => names.some((n) => n === model || n === `${model}:latest`);
    const missing = [config.model, config.embedModel].filter((m) => !has(m));
    if (missing.length === 0) monitor.up('ollama', `${base} has ${config.model} and ${config.embedModel}`);
    else
      monitor.down(
        'ollama',
        `Ollama at ${base} has no model ${missing.join(' or ')}`,
        missing.map((m) => `run \`ollama pull ${m}\``).join(', '),
      );
  } catch (error) {
    monitor.down(
      'ollama',
      `Ollama at ${base} is not reachable (${message(error)}): findings and notifications are rule-based meanwhile`,
      'start Ollama or set ollamaHost',
    );
  }
}

async function probeChroma(config: Config, store: VectorStore, monitor: DependencyMonitor): Promise<void> {
  try {
    await bounded(store.heartbeat());
    const waiting = store.pendingWrites();
    monitor.up('chromadb', `${config.chromaUrl}${waiting ? `; ${waiting} writes waiting for embeddings` : ''}`);
  } catch (error) {
    monitor.down('chromadb', message(error), 'issues are kept in stateDir and written to ChromaDB once it is back');
  }
}

function bounded<T>(promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${PROBE_MS / 1000} s`)), PROBE_MS);
    }),
  ]);
}

function message(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as { code?: string }).code;
  return code && !error.message.includes(code) ? `${code}: ${error.message}` : error.message;
}

function redactedUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.href;
  } catch {
    return 'the configured redisUrl';
  }
}
