import { HostError } from './host-error.js';

/** The host refused our key for the configured user. */
export class HostAuthenticationError extends HostError {
  static readonly CODE = 'HOST_AUTH_FAILED';
  constructor(host: string, user: string, keyPath: string, cause?: unknown) {
    super(HostAuthenticationError.CODE, host, `Host ${host} refused the SSH key ${keyPath} for user ${user}.`, {
      hint: `Add the public key (${keyPath}.pub) to ~${user}/.ssh/authorized_keys on ${host}, or set the right user in remoteSystems.`,
      cause,
    });
  }
}
