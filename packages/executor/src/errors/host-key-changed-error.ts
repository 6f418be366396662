import { HostError } from './host-error.js';

/**
 * The host presented a key other than the one known_hosts holds for it. Either the machine was
 * reinstalled, or someone is in the middle. Nothing is sent to it until a person decides.
 */
export class HostKeyChangedError extends HostError {
  static readonly CODE = 'HOST_KEY_CHANGED';
  /** The key known_hosts marks @revoked: refused the same way, said differently. */
  static readonly REVOKED_CODE = 'HOST_KEY_REVOKED';
  /**
   * @param removeCommand the `ssh-keygen -R` line that removes the old entry, with the name as
   *   known_hosts spells it (`[address]:port` on a port other than 22), quoted by command-patterns.
   */
  constructor(host: string, address: string, fingerprint: string, removeCommand: string, revoked = false) {
    super(
      revoked ? HostKeyChangedError.REVOKED_CODE : HostKeyChangedError.CODE,
      host,
      revoked
        ? `Host ${host} (${address}) presented a REVOKED host key (${fingerprint}); we did not log in, and nothing was sent to it.`
        : `WARNING: the host key of ${host} (${address}) has CHANGED (now ${fingerprint}); someone may be intercepting the connection. We did not log in, and nothing was sent to it.`,
      {
        hint: revoked
          ? `The key was revoked in known_hosts on purpose: find out why before trusting ${host} again.`
          : `If the host was reinstalled, verify the new key out of band, then remove its old entry: ${removeCommand}`,
      },
    );
  }
}
