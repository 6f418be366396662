import { LlmError } from './llm-error.js';

/** Redis could not be reached in time to put the job on the queue; nothing was enqueued. */
export class QueueUnavailableError extends LlmError {
  static readonly CODE = 'QUEUE_UNAVAILABLE';
  readonly retryable = true;

  constructor(
    readonly redisUrl: string,
    readonly waitedMs: number,
    readonly reason: string,
  ) {
    super(
      QueueUnavailableError.CODE,
      `Redis at ${redisUrl} is not reachable; the LLM request was not queued (waited ${Math.round(waitedMs / 1000)} s: ${reason}).`,
      {
        hint: 'Check that Redis is running (`systemctl status redis-*`) and that redisUrl in the config points at it.',
      },
    );
  }

  details() {
    return { redisUrl: this.redisUrl, waitedMs: this.waitedMs, reason: this.reason };
  }
}
