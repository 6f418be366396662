/**
 * The one module that names every Redis key, queue, stream and channel of the LLM queue, as
 * BullMQ's own QueueKeys does for its keys. Nothing else spells a key.
 *
 * BullMQ keeps its keys under `<prefix>:<queue>:...` (wait, active, prioritized, the job hashes
 * `<prefix>:<queue>:<jobId>` and their `:lock`). Ours sit next to a job's own keys, under the
 * job's id, which is always a UUID we chose, so they can never meet a BullMQ key.
 */
import { randomUUID } from 'node:crypto';
import { NAME_PATTERN } from '../names.js';

/** BullMQ's key prefix for everything this product keeps in Redis. */
export const KEY_PREFIX = 'ai-sysadmin';

const JOB_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A fresh job id. Producers choose ids so that enqueueing again after a lost reply is harmless. */
export function newJobId(): string {
  return randomUUID();
}

export function isJobId(value: string): boolean {
  return JOB_ID.test(value);
}

export class LlmQueueKeys {
  /** The BullMQ queue name: `<aiName>-llm`, so two installs on one Redis never share jobs. */
  readonly queueName: string;
  /** BullMQ's `prefix` option. */
  readonly prefix = KEY_PREFIX;
  /** Pub/sub channel on which producers announce a cancelled job id to the worker. */
  readonly cancelChannel: string;

  constructor(readonly aiName: string) {
    if (!NAME_PATTERN.test(aiName)) throw new Error(`aiName "${aiName}" cannot name a queue`);
    this.queueName = `${aiName}-llm`;
    this.cancelChannel = `${this.base}:cancel`;
  }

  /** `<prefix>:<queue>`, the root of every key below. */
  get base(): string {
    return `${this.prefix}:${this.queueName}`;
  }

  /** BullMQ's hash holding the job. */
  job(jobId: string): string {
    return `${this.base}:${checkedJobId(jobId)}`;
  }

  /** The Redis stream of one job's events: started, tokens, progress, retrying, done or failed. */
  jobEvents(jobId: string): string {
    return `${this.job(jobId)}:events`;
  }

  /**
   * A stream a producer adds to when it starts following another job, to wake its own blocked
   * XREAD so the new job's stream is read at once. One per producer (its id is a UUID).
   */
  producerWake(producerId: string): string {
    return `${this.base}:producer:${checkedJobId(producerId)}:wake`;
  }

  /** Set when a producer cancels the job, so a worker that starts it later sees the cancellation. */
  jobCancelled(jobId: string): string {
    return `${this.job(jobId)}:cancelled`;
  }
}

function checkedJobId(jobId: string): string {
  if (!isJobId(jobId)) throw new Error(`"${jobId}" is not an LLM job id (a UUID)`);
  return jobId;
}
