/**
 * Runs one job for the BullMQ Worker. Around the job's handler it keeps the promises the queue
 * makes to a producer:
 * - exactly one terminal event (done or failed) per job: an attempt that finds one from an
 *   earlier attempt (the worker died after writing it) returns that instead of asking again;
 * - every start is announced ("started", with the attempt), so tokens of a dead attempt are void;
 * - an error that may pass is announced as "retrying" and thrown for BullMQ to retry with
 *   backoff; any other is final: "failed", and UnrecoverableError so BullMQ does not retry;
 * - the time limit, cancellation and shutdown all abort the same signal, which every Ollama
 *   request of the job listens to; on shutdown the job goes back to the queue.
 */
import { type Job, UnrecoverableError, WaitingError } from 'bullmq';
import type { Redis } from 'ioredis';
import {
  type Config,
  type JobKind,
  type JobEvent,
  type Logger,
  LlmQueueKeys,
  type ToolCache,
  isJobKind,
  jobDataSchemas,
  errorMessage,
} from '@ai-sysadmin/core';
import { ABORT } from './abort-reasons.js';
import { InvalidJobError } from './errors/invalid-job-error.js';
import { JobCancelledError } from './errors/job-cancelled-error.js';
import { LlmError } from './errors/llm-error.js';
import { LlmTimeoutError } from './errors/llm-timeout-error.js';
import { LlmWorkerError } from './errors/llm-worker-error.js';
import { OllamaUnreachableError } from './errors/ollama-unreachable-error.js';
import { errorFromWire, errorToWire } from './errors/wire.js';
import { JobEventWriter } from './events/job-event-writer.js';
import type { JobContext } from './jobs/job-context.js';
import { runChat } from './jobs/run-chat.js';
import { runEmbed } from './jobs/run-embed.js';
import { runSummarize } from './jobs/run-summarize.js';
import { OllamaGateway } from './ollama/ollama-gateway.js';

export interface ProcessorDeps {
  config: Config;
  redis: Redis;
  cache: ToolCache;
  logger: Logger;
  /** Context lengths the models report, asked once per model. */
  modelContexts: Map<string, number | undefined>;
}

type Handler = (data: never, ctx: JobContext) => Promise<unknown>;
const HANDLERS: Record<JobKind, Handler> = { chat: runChat, summarize: runSummarize, embed: runEmbed } as Record<
  JobKind,
  Handler
>;

export function createProcessor(deps: ProcessorDeps) {
  const { config, redis, logger } = deps;
  const keys = new LlmQueueKeys(config.aiName);

  // Three parameters: BullMQ passes the abort signal only to a processor that takes it.
  return async function processJob(job: Job, token: string | undefined, signal?: AbortSignal): Promise<unknown> {
    const jobId = job.id!;
    const attempt = Math.max(1, job.attemptsStarted);
    const events = new JobEventWriter(redis, keys.jobEvents(jobId), config.llm.eventTtlSec);
    const log = logger.child({ jobId, kind: job.name, attempt });

    // Both asked at once: one round trip before the job starts.
    const [earlier, cancelled] = await Promise.all([
      JobEventWriter.lastTerminal(redis, keys.jobEvents(jobId)),
      redis.exists(keys.jobCancelled(jobId)),
    ]);
    if (earlier?.type === 'done') {
      log.info('job was answered by an earlier attempt; returning that answer');
      return earlier.result;
    }
    if (earlier?.type === 'failed') throw new UnrecoverableError(errorFromWire(earlier.error).message);

    const kind = job.name;
    const started = Date.now();
    const timeoutMs = Number((job.data as { timeoutMs?: unknown })?.timeoutMs) || config.llm.jobTimeoutSec * 1000;
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(ABORT.timeout), timeoutMs);
    const jobSignal = signal ? AbortSignal.any([signal, timeout.signal]) : timeout.signal;

    try {
      if (cancelled) throw new JobCancelledError(jobId);
      await events.write({ type: 'started', attempt });
      log.info({ timeoutMs }, 'job started');
      if (!isJobKind(kind))
        throw new InvalidJobError(kind, [{ path: '(job name)', message: `unknown job kind "${kind}"` }]);
      const parsed = jobDataSchemas[kind].safeParse(job.data);
      if (!parsed.success) {
        throw new InvalidJobError(
          kind,
          parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
        );
      }
      const ctx: JobContext = {
        jobId,
        attempt,
        signal: jobSignal,
        config,
        ollama: new OllamaGateway(config.ollamaHost, jobSignal),
        cache: deps.cache,
        logger: log,
        token: (text) => events.token(attempt, text),
        progress: (p) => events.write({ type: 'progress', attempt, ...p }),
        replaceData: (data) => job.updateData(data),
        contextTokens: (model) => contextTokens(model, ctx.ollama, deps),
      };
      const result = await HANDLERS[kind](parsed.data as never, ctx);
      await events.flush();
      await events.write({ type: 'done', attempt, result });
      log.info({ ms: Date.now() - started }, 'job done');
      return result;
    } catch (thrown) {
      const reason = jobSignal.aborted ? jobSignal.reason : undefined;
      if (reason === ABORT.shutdown && token) {
        await events.flush().catch(() => undefined);
        await job.moveToWait(token);
        await events.write({
          type: 'requeued',
          attempt,
          reason: 'the worker is shutting down; the job was put back in the queue',
        });
        log.info('worker shutting down: job put back in the queue');
        throw new WaitingError();
      }
      const error = asLlmError(thrown, reason, kind, timeoutMs, jobId);
      const attempts = job.opts.attempts ?? 1;
      const final = !error.retryable || job.attemptsMade + 1 >= attempts;
      await events.flush().catch(() => undefined);
      if (final) {
        const shown =
          error instanceof OllamaUnreachableError && attempts > 1
            ? new OllamaUnreachableError(error.url, error.reason, { attempts })
            : error;
        await events.write({ type: 'failed', attempt, error: errorToWire(shown) });
        log.warn({ code: shown.code, err: thrown }, shown.message);
        throw new UnrecoverableError(shown.message);
      }
      const delayMs = Math.round(2 ** job.attemptsMade * config.llm.retryBackoffMs);
      const retrying: JobEvent = { type: 'retrying', attempt, delayMs, error: errorToWire(error) };
      await events.write(retrying);
      log.info({ code: error.code, delayMs }, `${error.message}; retrying`);
      throw error;
    } finally {
      clearTimeout(timer);
    }
  };
}

function asLlmError(thrown: unknown, abortReason: unknown, kind: string, timeoutMs: number, jobId: string): LlmError {
  if (abortReason === ABORT.timeout) return new LlmTimeoutError(kind, timeoutMs);
  if (abortReason === ABORT.cancelled) return new JobCancelledError(jobId);
  if (thrown instanceof LlmError) return thrown;
  return new LlmWorkerError(errorMessage(thrown));
}

async function contextTokens(model: string, ollama: OllamaGateway, deps: ProcessorDeps): Promise<number> {
  if (!deps.modelContexts.has(model)) deps.modelContexts.set(model, await ollama.contextLength(model));
  const trained = deps.modelContexts.get(model);
  return trained ? Math.min(trained, deps.config.llm.contextTokens) : deps.config.llm.contextTokens;
}
