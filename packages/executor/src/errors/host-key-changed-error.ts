import { HostError } from './host-error.js';

/**
 * The host presented a key other than the one known_hosts holds for it. Either the machine was
 * reinstalled, or someone is in the middle. Nothing is sent to it until a person decides.
 */
export class HostKeyChangedError extends HostError {
  static readonly CODE = 'HOST_KEY_CHANGED';
  /** The key known_hosts marks @revoked: refused the same way, said differently. */
  static readonly REVOKED_CODE = 'HOST_KEY_REVOKED';
  constructor(host: string, address: string, fingerprint: string, knownHostsPath: string, revoked = false) {
    super(
      revoked ? HostKeyChangedError.REVOKED_CODE : HostKeyChangedError.CODE,
      host,
      revoked
        ? `Host ${host} (${address}) presented a REVOKED host key (${fingerprint}). Connection refused.`
        : `WARNING: the host key of ${host} (${address}) has CHANGED (now ${fingerprint}); someone may be intercepting the connection. Connection refused.`,
      {
        hint: `If the host was reinstalled, verify the new key out of band, then remove its old entry: ssh-keygen -R '${address}' -f ${knownHostsPath}`,
      },
    );
  }
}
