import { HostError } from './host-error.js';

/** Strict host-key checking is on and known_hosts has no key for this host. */
export class HostKeyUnknownError extends HostError {
  static readonly CODE = 'HOST_KEY_UNKNOWN';
  /** @param addCommand the `ssh-keyscan` line that adds the key, quoted by command-patterns. */
  constructor(host: string, address: string, fingerprint: string, knownHostsPath: string, addCommand: string) {
    super(
      HostKeyUnknownError.CODE,
      host,
      `Host ${host} (${address}) is not in ${knownHostsPath}; its key is ${fingerprint}. We did not log in: strict host-key checking is on.`,
      { hint: `Verify the fingerprint, then add it: ${addCommand}` },
    );
  }
}
