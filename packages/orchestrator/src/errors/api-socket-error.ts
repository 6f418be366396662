import { AiSysadminError } from '@ai-sysadmin/core';

/** The API could not be opened: another daemon holds the socket, the group is unknown, the address is taken. */
export class ApiSocketError extends AiSysadminError {
  constructor(message: string, hint: string, options: { cause?: unknown } = {}) {
    super('API_SOCKET', message, { hint, ...options });
  }
}
