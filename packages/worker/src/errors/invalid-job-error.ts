import { LlmError } from './llm-error.js';

/** The job's data does not match its contract; nothing was sent to the model. */
export class InvalidJobError extends LlmError {
  readonly retryable = false;

  constructor(
    readonly kind: string,
    readonly problems: Array<{ path: string; message: string }>,
  ) {
    super(
      'JOB_INVALID',
      `The ${kind} job is invalid:\n${problems.map((p) => `  - ${p.path || '(top level)'}: ${p.message}`).join('\n')}`,
      {
        hint: 'This is a bug in the caller: fix the fields above.',
      },
    );
  }

  details() {
    return { kind: this.kind, problems: this.problems };
  }
}
