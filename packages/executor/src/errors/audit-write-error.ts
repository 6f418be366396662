import { AiSysadminError, errorMessage } from '@ai-sysadmin/core';

/** The audit log could not be written; an action that cannot be audited is not run. */
export class AuditWriteError extends AiSysadminError {
  static readonly CODE = 'AUDIT_WRITE_FAILED';
  constructor(path: string, cause: unknown) {
    super(AuditWriteError.CODE, `Could not append to the audit log ${path}: ${errorMessage(cause)}. Nothing was run.`, {
      hint: 'Check that the state directory is writable and the disk is not full.',
      cause,
    });
  }
}
