import { AiSysadminError } from '@ai-sysadmin/core';

/** An argv that cannot be run as given (empty, a NUL byte, broken text, an unknown host). */
export class InvalidCommandError extends AiSysadminError {
  constructor(message: string, options: { hint?: string; host?: string } = {}) {
    super('COMMAND_INVALID', message, options);
  }
}
