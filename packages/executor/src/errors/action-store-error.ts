import { AiSysadminError } from '@ai-sysadmin/core';

/** The pending-action store in the state directory could not be read or written. */
export class ActionStoreError extends AiSysadminError {
  constructor(what: string, path: string, cause: unknown) {
    super(
      'ACTION_STORE_FAILED',
      `Could not ${what} ${path}: ${cause instanceof Error ? cause.message : String(cause)}.`,
      {
        hint: 'Check that the state directory exists, is writable by the assistant, and the disk is not full.',
        cause,
      },
    );
  }
}
