import { HostError } from './host-error.js';

/** Strict host-key checking is on and known_hosts has no key for this host. */
export class HostKeyUnknownError extends HostError {
  static readonly CODE = 'HOST_KEY_UNKNOWN';
  constructor(host: string, address: string, port: number, fingerprint: string, knownHostsPath: string) {
    super(
      HostKeyUnknownError.CODE,
      host,
      `Host ${host} (${address}) is not in ${knownHostsPath}; its key is ${fingerprint}. Connection refused.`,
      {
        hint: `Verify the fingerprint, then add it: ssh-keyscan -p ${port} ${address} >> ${knownHostsPath}`,
      },
    );
  }
}
