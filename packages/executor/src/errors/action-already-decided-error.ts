import { AiSysadminError } from '@ai-sysadmin/core';

/** Someone (or something: expiry, a failed build) settled this action first; it runs at most once. */
export class ActionAlreadyDecidedError extends AiSysadminError {
  static readonly CODE = 'ACTION_ALREADY_DECIDED';
  readonly actionId: number;
  /** approved, rejected, expired, or the status that keeps it from being decided (invalid, refused, ...). */
  readonly decision: string;
  constructor(actionId: number, decision: { decision: string; by: string; at: string } | { status: string }) {
    const what =
      'status' in decision
        ? `Action #${actionId} is ${decision.status}, not pending; nothing was done.`
        : `Action #${actionId} was already ${decision.decision} by ${decision.by} at ${decision.at}; nothing was done.`;
    super(ActionAlreadyDecidedError.CODE, what, {
      hint: 'Each action is decided once. Look at it with `approve list` or in the audit log (audit.jsonl in the state directory).',
    });
    this.actionId = actionId;
    this.decision = 'status' in decision ? decision.status : decision.decision;
  }
}
