import { AiSysadminError } from '@ai-sysadmin/core';

export class ActionNotFoundError extends AiSysadminError {
  static readonly CODE = 'ACTION_NOT_FOUND';
  readonly actionId: number;
  constructor(actionId: number, actionsDir: string) {
    super(ActionNotFoundError.CODE, `There is no action #${actionId} in ${actionsDir}.`, {
      hint: 'List the pending actions (`approve list`) to see their numbers.',
    });
    this.actionId = actionId;
  }
}
