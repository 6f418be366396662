import { AiSysadminError } from '@ai-sysadmin/core';

/**
 * A command that was never started on the host: its caller gave up first (aborted), or no SSH
 * session could be had before its deadline. Nothing ran, so nothing needs undoing.
 */
export class CommandNotStartedError extends AiSysadminError {
  static readonly CODE = 'COMMAND_NOT_STARTED';
  readonly why: 'aborted' | 'deadline';

  constructor(host: string, what: string, why: 'aborted' | 'deadline', detail?: string) {
    super(
      CommandNotStartedError.CODE,
      why === 'aborted'
        ? `${what} was not started on ${host}: it was stopped first.`
        : `${what} could not start on ${host} in time: ${detail ?? 'no SSH session could be opened'}.`,
      {
        host,
        ...(why === 'deadline'
          ? {
              hint: `sshd's MaxSessions counts every session of one connection: raise it in the sshd_config of ${host}, or give the check more time.`,
            }
          : {}),
      },
    );
    this.why = why;
  }
}
