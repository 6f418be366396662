import { HostError } from './host-error.js';

/** Connection refused, no route, or the name did not resolve. */
export class HostUnreachableError extends HostError {
  static readonly CODE = 'HOST_UNREACHABLE';
  constructor(host: string, address: string, reason: string, cause?: unknown) {
    super(HostUnreachableError.CODE, host, `Host ${host} (${address}) is not reachable: ${reason}.`, {
      hint: `Check that the machine is up and sshd listens on ${address}, and that the address in remoteSystems is right.`,
      cause,
    });
  }
}
