/**
 * The producer API of the LLM queue: the daemon (and anything else that needs the model) puts
 * chat, summarize and embed jobs on the queue through this, and gets back an LlmRequest that
 * resolves with the result or rejects with the worker's typed error (rebuilt on this side),
 * streams the job's events, and can be cancelled.
 *
 * Nothing accepted is lost: the job is added under an id chosen here, so adding it again is
 * harmless; while Redis is unreachable the add is retried up to llm.enqueueTimeoutSec; and a job
 * Redis lost (a restart without persistence) is found by a periodic check and added again.
 */
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import {
  type Config,
  type JobEvent,
  type JobInput,
  type JobKind,
  type Logger,
  LlmQueueKeys,
  PRIORITIES,
  type PriorityClass,
  createLogger,
  jobDataSchemas,
  jobResultSchemas,
  newJobId,
  errorMessage,
  sleep,
} from '@ai-sysadmin/core';
import { InvalidJobError } from '../errors/invalid-job-error.js';
import { JobCancelledError } from '../errors/job-cancelled-error.js';
import { LlmWorkerError } from '../errors/llm-worker-error.js';
import { QueueUnavailableError } from '../errors/queue-unavailable-error.js';
import { errorFromWire, errorToWire } from '../errors/wire.js';
import { JobEventWriter } from '../events/job-event-writer.js';
import { redactUrl, redisConnection } from '../redis-connection.js';
import { JobEventReader } from './job-event-reader.js';
import { LlmRequest } from './llm-request.js';

export interface RequestOptions {
  priority: PriorityClass;
  /** Aborting it cancels the job. */
  signal?: AbortSignal;
}

export interface LlmQueueClientOptions {
  logger?: Logger;
}

interface Pending {
  request: LlmRequest<JobKind>;
  kind: JobKind;
  data: unknown;
  priority: PriorityClass;
  enqueued: boolean;
  checking: boolean;
  /** When checkPending last asked Redis about it. */
  checkedAt?: number;
}

/** A job that has said nothing for this long is looked up in the queue. */
const CHECK_QUIET_MS = 5000;
/**
 * Jobs one periodic sweep asks Redis about (two round trips each), the longest unchecked first: a
 * backlog of 10 000 queued jobs swept whole every 5 s kept Redis busy enough to delay the worker's
 * next fetch (an interactive job started ~0.7 s late). The sweep after Redis reconnects checks all.
 */
const CHECKS_PER_SWEEP = 200;
const ENQUEUE_RETRY_MS = 250;

export class LlmQueueClient {
  private readonly keys: LlmQueueKeys;
  private readonly queue: Queue;
  private readonly commands: Redis;
  private readonly queueConnection: Redis;
  private readonly reader: JobEventReader;
  private readonly pending = new Map<string, Pending>();
  private readonly logger: Logger;
  private readonly checkTimer: NodeJS.Timeout;
  private lastReaderError = '';
  private closed = false;

  constructor(
    private readonly config: Config,
    options: LlmQueueClientOptions = {},
  ) {
    this.logger =
      options.logger ?? createLogger({ level: config.logLevel, aiName: config.aiName, component: 'llm-client' });
    this.keys = new LlmQueueKeys(config.aiName);
    // Adding a job fails at once while Redis is away, and enqueue() retries until its deadline.
    this.queueConnection = redisConnection(config.redisUrl, this.logger, {
      enableOfflineQueue: false,
      connectionName: `${this.keys.queueName}:producer`,
    });
    this.commands = redisConnection(config.redisUrl, this.logger, {
      connectionName: `${this.keys.queueName}:producer-commands`,
    });
    const blocking = redisConnection(config.redisUrl, this.logger, {
      connectionName: `${this.keys.queueName}:producer-events`,
    });
    this.queue = new Queue(this.keys.queueName, { connection: this.queueConnection, prefix: this.keys.prefix });
    this.queue.on('error', (error: Error) => this.logger.debug({ err: error.message }, 'queue error'));
    this.reader = new JobEventReader(blocking, this.commands, this.keys, newJobId(), (error) =>
      this.readerError(error),
    );
    // After Redis comes back, look at once for jobs it may have lost.
    blocking.on('ready', () => void this.checkPending(0));
    this.checkTimer = setInterval(() => void this.checkPending(CHECK_QUIET_MS), CHECK_QUIET_MS);
    this.checkTimer.unref();
  }

  chat(input: JobInput<'chat'>, options: RequestOptions): LlmRequest<'chat'> {
    return this.request('chat', input, options);
  }

  summarize(input: JobInput<'summarize'>, options: RequestOptions): LlmRequest<'summarize'> {
    return this.request('summarize', input, options);
  }

  embed(input: JobInput<'embed'>, options: RequestOptions): LlmRequest<'embed'> {
    return this.request('embed', input, options);
  }

  request<K extends JobKind>(kind: K, input: JobInput<K>, options: RequestOptions): LlmRequest<K> {
    const jobId = newJobId();
    const request = new LlmRequest<K>(kind, jobId, () => this.cancel(jobId));
    const parsed = jobDataSchemas[kind].safeParse(input);
    if (!parsed.success) {
      request.reject(
        new InvalidJobError(
          kind,
          parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
        ),
      );
      return request;
    }
    if (this.closed) {
      request.reject(new LlmWorkerError('the LLM queue client is closed'));
      return request;
    }
    const pending: Pending = {
      request: request as LlmRequest<JobKind>,
      kind,
      data: parsed.data,
      priority: options.priority,
      enqueued: false,
      checking: false,
    };
    this.pending.set(jobId, pending);
    this.reader.follow(jobId, (event) => this.onEvent(jobId, event));
    void this.enqueue(jobId, pending);
    if (options.signal) {
      if (options.signal.aborted) void request.cancel();
      else options.signal.addEventListener('abort', () => void request.cancel(), { once: true });
    }
    return request;
  }

  /** How many jobs wait, run, and are delayed for a retry, per state. */
  async counts(): Promise<Record<string, number>> {
    return this.queue.getJobCounts('prioritized', 'waiting', 'active', 'delayed', 'completed', 'failed');
  }

  /** How many workers serve this queue now (0: requests wait until one starts). */
  async workers(): Promise<number> {
    return this.queue.getWorkersCount();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.checkTimer);
    for (const [jobId, p] of this.pending) {
      p.request.reject(new LlmWorkerError(`the LLM queue client closed before job ${jobId} finished`));
    }
    this.pending.clear();
    await this.reader.close();
    await this.queue.close();
    // quit() would wait in the offline queue while Redis is away; then there is nothing to say goodbye to.
    for (const connection of [this.commands, this.queueConnection]) {
      if (connection.status === 'ready') await connection.quit().catch(() => undefined);
      else connection.disconnect();
    }
  }

  private async enqueue(jobId: string, pending: Pending): Promise<void> {
    const started = Date.now();
    const deadline = started + this.config.llm.enqueueTimeoutSec * 1000;
    let lastError = '';
    while (!this.closed && !pending.request.settled) {
      // Until its connection has been ready once, BullMQ's add waits for it without end; ask only
      // a ready connection (with no offline queue, it then fails at once if Redis just went).
      if (this.queueConnection.status !== 'ready') {
        lastError = `the connection is ${this.queueConnection.status}`;
        if (Date.now() >= deadline) break;
        await sleep(ENQUEUE_RETRY_MS);
        continue;
      }
      try {
        await this.queue.add(pending.kind, pending.data, {
          jobId,
          priority: PRIORITIES[pending.priority],
          attempts: this.config.llm.retryAttempts,
          backoff: { type: 'exponential', delay: this.config.llm.retryBackoffMs },
          removeOnComplete: { count: this.config.llm.keepFinishedJobs },
          removeOnFail: { count: this.config.llm.keepFinishedJobs },
        });
        pending.enqueued = true;
        return;
      } catch (error) {
        lastError = errorMessage(error);
        if (Date.now() >= deadline) break;
        await sleep(ENQUEUE_RETRY_MS);
      }
    }
    if (!pending.request.settled && !this.closed) {
      this.settle(jobId, {
        reject: new QueueUnavailableError(redactUrl(this.config.redisUrl), Date.now() - started, lastError),
      });
    }
  }

  private onEvent(jobId: string, event: JobEvent): void {
    const pending = this.pending.get(jobId);
    if (!pending) return;
    pending.request.push(event);
    if (event.type === 'done') {
      const parsed = jobResultSchemas[pending.kind].safeParse(event.result);
      this.settle(
        jobId,
        parsed.success
          ? { resolve: parsed.data }
          : {
              reject: new LlmWorkerError(
                `the ${pending.kind} result does not match the contract: ${parsed.error.issues[0]?.message ?? ''}`,
              ),
            },
      );
    } else if (event.type === 'failed') {
      this.settle(jobId, { reject: errorFromWire(event.error) });
    }
  }

  private settle(jobId: string, outcome: { resolve: unknown } | { reject: unknown }): void {
    const pending = this.pending.get(jobId);
    if (!pending) return;
    this.pending.delete(jobId);
    this.reader.unfollow(jobId);
    if ('resolve' in outcome) pending.request.resolve(outcome.resolve as never);
    else pending.request.reject(outcome.reject);
  }

  private async cancel(jobId: string): Promise<void> {
    const pending = this.pending.get(jobId);
    if (!pending) return;
    await this.commands.set(this.keys.jobCancelled(jobId), '1', 'EX', this.config.llm.eventTtlSec);
    await this.commands.publish(this.keys.cancelChannel, jobId);
    // A job that has not started leaves the queue here; a running one is stopped by the worker.
    const state = await this.queue.getJobState(jobId);
    if (['waiting', 'prioritized', 'delayed', 'paused'].includes(state)) {
      const removed = await this.queue.remove(jobId).catch(() => 0);
      if (removed) {
        const writer = new JobEventWriter(this.commands, this.keys.jobEvents(jobId), this.config.llm.eventTtlSec);
        await writer.write({ type: 'failed', attempt: 1, error: errorToWire(new JobCancelledError(jobId)) });
      }
    }
  }

  /** Finds jobs that went quiet because Redis lost them or BullMQ ended them without the worker. */
  private async checkPending(quietMs: number, limit = quietMs === 0 ? Infinity : CHECKS_PER_SWEEP): Promise<void> {
    if (this.closed) return;
    const now = Date.now();
    const quietSince = (p: Pending) => Math.max(p.request.lastEventAt, p.checkedAt ?? 0);
    const due = [...this.pending]
      .filter(([, p]) => p.enqueued && !p.checking && now - quietSince(p) >= quietMs)
      .sort(([, a], [, b]) => quietSince(a) - quietSince(b))
      .slice(0, limit);
    for (const [jobId, pending] of due) {
      if (this.closed) return;
      pending.checking = true;
      pending.checkedAt = Date.now();
      try {
        await this.checkJob(jobId, pending);
      } catch (error) {
        this.logger.debug({ jobId, err: errorMessage(error) }, 'could not check job');
      } finally {
        pending.checking = false;
      }
    }
  }

  private async checkJob(jobId: string, pending: Pending): Promise<void> {
    const terminal = await JobEventWriter.lastTerminal(this.commands, this.keys.jobEvents(jobId));
    if (terminal) return this.onEvent(jobId, terminal);
    const state = await this.queue.getJobState(jobId);
    if (state === 'unknown') {
      this.logger.warn({ jobId }, 'the queue lost a job (Redis restarted without its data?); adding it again');
      const requeued: JobEvent = {
        type: 'requeued',
        attempt: 1,
        reason: 'the queue lost the job (Redis restarted?); it was added again',
      };
      pending.request.push(requeued);
      pending.enqueued = false;
      await this.enqueue(jobId, pending);
    } else if (state === 'failed') {
      const job = await this.queue.getJob(jobId);
      this.settle(jobId, { reject: new LlmWorkerError(job?.failedReason ?? 'the job failed') });
    } else if (state === 'completed') {
      const job = await this.queue.getJob(jobId);
      this.onEvent(jobId, { type: 'done', attempt: Math.max(1, job?.attemptsStarted ?? 1), result: job?.returnvalue });
    }
    // waiting, prioritized, delayed, active: nothing to do but wait.
  }

  private readerError(error: unknown): void {
    const message = errorMessage(error);
    if (message !== this.lastReaderError) this.logger.debug({ err: message }, 'event stream read failed; retrying');
    this.lastReaderError = message;
  }
}
