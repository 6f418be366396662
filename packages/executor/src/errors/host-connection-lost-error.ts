import { HostError } from './host-error.js';

/** The connection dropped while a command was running: whether it finished there is unknown. */
export class HostConnectionLostError extends HostError {
  static readonly CODE = 'HOST_CONNECTION_LOST';
  constructor(host: string, commandLine: string, cause?: unknown) {
    super(
      HostConnectionLostError.CODE,
      host,
      `The connection to ${host} dropped while running \`${commandLine}\`; its outcome is unknown.`,
      {
        hint: 'Check the host, then look at its state before running the command again.',
        cause,
      },
    );
  }
}
