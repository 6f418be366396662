import { AiSysadminError } from '@ai-sysadmin/core';

/** A managed host could not be used: the command was never started there. */
export class HostError extends AiSysadminError {
  declare readonly host: string;

  constructor(code: string, host: string, message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(code, message, { ...options, host });
  }
}
