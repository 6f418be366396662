import { LlmError } from './llm-error.js';

/** The requester cancelled the job (Ctrl-C in chat); generation stopped. */
export class JobCancelledError extends LlmError {
  static readonly CODE = 'JOB_CANCELLED';
  readonly retryable = false;

  constructor(readonly jobId: string) {
    super(JobCancelledError.CODE, `LLM job ${jobId} was cancelled.`, {
      hint: 'Nothing to do; ask again when you want an answer.',
    });
  }

  details() {
    return { jobId: this.jobId };
  }
}
