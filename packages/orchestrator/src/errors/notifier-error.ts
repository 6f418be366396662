import { AiSysadminError } from '@ai-sysadmin/core';

/**
 * A message could not be delivered by a notifier. `permanent`: the receiver refused this message
 * for what it is (a 400), so sending it again cannot help; otherwise the outbox retries it.
 */
export class NotifierError extends AiSysadminError {
  constructor(
    readonly target: string,
    message: string,
    readonly permanent: boolean,
    options: { hint?: string; cause?: unknown } = {},
  ) {
    super('NOTIFIER_FAILED', message, options);
  }
}
