import { AiSysadminError } from '@ai-sysadmin/core';

export class ActionExpiredError extends AiSysadminError {
  static readonly CODE = 'ACTION_EXPIRED';
  readonly actionId: number;
  constructor(actionId: number, expiresAt: string) {
    super(ActionExpiredError.CODE, `Action #${actionId} expired at ${expiresAt} without a decision; it was not run.`, {
      hint: 'Ask the assistant to propose it again if it is still needed (approvals.expireAfterHours sets how long actions wait).',
    });
    this.actionId = actionId;
  }
}
