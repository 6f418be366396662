import { LlmError } from './llm-error.js';
import { problemList } from '@ai-sysadmin/core';

/** The job's data does not match its contract; nothing was sent to the model. */
export class InvalidJobError extends LlmError {
  static readonly CODE = 'JOB_INVALID';
  readonly retryable = false;

  constructor(
    readonly kind: string,
    readonly problems: Array<{ path: string; message: string }>,
  ) {
    super(
      InvalidJobError.CODE,
      `The ${kind} job is invalid:\n${problemList(problems.map((p) => `${p.path || '(top level)'}: ${p.message}`))}`,
      {
        hint: 'This is a bug in the caller: fix the fields above.',
      },
    );
  }

  details() {
    return { kind: this.kind, problems: this.problems };
  }
}
