import { AiSysadminError } from '@ai-sysadmin/core';

/** `check --host NAME` named a host the configuration does not manage. */
export class UnknownHostError extends AiSysadminError {
  static readonly CODE = 'UNKNOWN_HOST';
  constructor(name: string, known: readonly string[]) {
    super(UnknownHostError.CODE, `No managed system is named "${name}".`, {
      host: name,
      hint: known.length
        ? `Known hosts: ${known.join(', ')}. Add it to remoteSystems in the config to manage it.`
        : 'No remoteSystems are configured: add one to the config, or run `ai-sysadmin check` for this machine.',
    });
  }
}
