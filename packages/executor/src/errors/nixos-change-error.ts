import { AiSysadminError } from '@ai-sysadmin/core';

/** A NixOS change cannot be proposed or undone as asked; nothing was changed. */
export class NixosChangeError extends AiSysadminError {
  constructor(
    code: 'NIXOS_CONFIG_REPO_MISSING' | 'NIXOS_DIFF_INVALID' | 'NIXOS_REPO_FAILED' | 'NIXOS_UNDO_IMPOSSIBLE',
    message: string,
    hint: string,
    host?: string,
  ) {
    super(code, message, { hint, ...(host ? { host } : {}) });
  }
}
