import { LlmError } from './llm-error.js';

/** The job ran past its time limit and was stopped. */
export class LlmTimeoutError extends LlmError {
  static readonly CODE = 'LLM_TIMEOUT';
  readonly retryable = false;

  constructor(
    readonly kind: string,
    readonly timeoutMs: number,
  ) {
    super(LlmTimeoutError.CODE, `The ${kind} job did not finish within ${formatMs(timeoutMs)} and was stopped.`, {
      hint: 'The model may be too slow for this request: ask for less, use a smaller model, or raise llm.jobTimeoutSec.',
    });
  }

  details() {
    return { kind: this.kind, timeoutMs: this.timeoutMs };
  }
}

function formatMs(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}
