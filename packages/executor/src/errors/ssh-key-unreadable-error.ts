import { AiSysadminError } from '@ai-sysadmin/core';

/** The private key the config names cannot be read here. */
export class SshKeyUnreadableError extends AiSysadminError {
  static readonly CODE = 'SSH_KEY_UNREADABLE';
  constructor(keyPath: string, reason: string, cause?: unknown) {
    super(SshKeyUnreadableError.CODE, `Cannot read the SSH private key ${keyPath}: ${reason}.`, {
      hint: `Create one with \`ssh-keygen -t ed25519 -N '' -f ${keyPath}\` or set ssh.keyPath to an existing key readable by this user.`,
      cause,
    });
  }
}
