import { AiSysadminError } from '@ai-sysadmin/core';

/**
 * Base of the errors an LLM job can end with. `retryable` says whether another attempt may
 * succeed (the queue retries those with backoff); `details` carries what is needed to rebuild
 * the error on the producer's side of the queue.
 */
export abstract class LlmError extends AiSysadminError {
  abstract readonly retryable: boolean;

  /** The constructor's arguments, as plain data. */
  abstract details(): Record<string, unknown>;
}
