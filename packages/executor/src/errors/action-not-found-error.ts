import { AiSysadminError } from '@ai-sysadmin/core';

export class ActionNotFoundError extends AiSysadminError {
  readonly actionId: number;
  constructor(actionId: number, stateDir: string) {
    super('ACTION_NOT_FOUND', `There is no action #${actionId} in ${stateDir}/actions.`, {
      hint: 'List the pending actions (`approve list`) to see their numbers.',
    });
    this.actionId = actionId;
  }
}
