import { AiSysadminError } from '@ai-sysadmin/core';

/** An argv that cannot be run as given (empty, a NUL byte, broken text, an unknown host). */
export class InvalidCommandError extends AiSysadminError {
  static readonly CODE = 'COMMAND_INVALID';
  constructor(message: string, options: { hint?: string; host?: string } = {}) {
    super(InvalidCommandError.CODE, message, options);
  }
}
