import { AiSysadminError } from '@ai-sysadmin/core';

/** The audit log could not be written; an action that cannot be audited is not run. */
export class AuditWriteError extends AiSysadminError {
  constructor(path: string, cause: unknown) {
    super(
      'AUDIT_WRITE_FAILED',
      `Could not append to the audit log ${path}: ${cause instanceof Error ? cause.message : String(cause)}. Nothing was run.`,
      {
        hint: 'Check that the state directory is writable and the disk is not full.',
        cause,
      },
    );
  }
}
