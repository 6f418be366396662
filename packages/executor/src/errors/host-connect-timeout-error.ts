import { HostError } from './host-error.js';

/** TCP or the SSH handshake did not finish within the connect timeout (a hung sshd, a firewall dropping packets). */
export class HostConnectTimeoutError extends HostError {
  static readonly CODE = 'HOST_CONNECT_TIMEOUT';
  constructor(host: string, address: string, timeoutMs: number, cause?: unknown) {
    super(
      HostConnectTimeoutError.CODE,
      host,
      `Host ${host} (${address}) did not complete an SSH handshake within ${timeoutMs / 1000} s.`,
      {
        hint: 'The host may be overloaded, its sshd hung, or a firewall may drop the connection; raise ssh.connectTimeoutSec if it is only slow.',
        cause,
      },
    );
  }
}
