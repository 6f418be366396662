import { AiSysadminError, errorMessage } from '@ai-sysadmin/core';

/** The pending-action store in the state directory could not be read or written. */
export class ActionStoreError extends AiSysadminError {
  static readonly CODE = 'ACTION_STORE_FAILED';
  constructor(what: string, path: string, cause: unknown) {
    super(ActionStoreError.CODE, `Could not ${what} ${path}: ${errorMessage(cause)}.`, {
      hint: 'Check that the state directory exists, is writable by the assistant, and the disk is not full.',
      cause,
    });
  }
}
