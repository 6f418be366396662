import { AiSysadminError } from '@ai-sysadmin/core';

/** Someone (or something: expiry) decided on this action first; it runs at most once. */
export class ActionAlreadyDecidedError extends AiSysadminError {
  readonly actionId: number;
  readonly decision: string;
  constructor(actionId: number, decision: { decision: string; by: string; at: string }) {
    super('ACTION_ALREADY_DECIDED', `Action #${actionId} was already ${decision.decision} by ${decision.by} at ${decision.at}; nothing was done.`, {
      hint: 'Each action is decided once. Look at it with `approve list` or in the audit log (audit.jsonl in the state directory).',
    });
    this.actionId = actionId;
    this.decision = decision.decision;
  }
}
