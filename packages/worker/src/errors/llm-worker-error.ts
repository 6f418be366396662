import { LlmError } from './llm-error.js';

/** Anything else that ended a job: a bug, or a failure BullMQ reported (a job that stalled twice). */
export class LlmWorkerError extends LlmError {
  static readonly CODE = 'LLM_WORKER_FAILED';
  readonly retryable = false;

  constructor(readonly reason: string) {
    super(LlmWorkerError.CODE, `The LLM worker failed: ${reason}`, {
      hint: 'See the worker log (`journalctl -u <aiName>-ollama-worker`); ask again.',
    });
  }

  details() {
    return { reason: this.reason };
  }
}
