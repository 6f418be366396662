import { AiSysadminError, type PartUnavailableCause } from '@ai-sysadmin/core';

/**
 * A snapshot part has no data, for a reason a person can act on: the host lacks the thing
 * (no systemd in a container), the tool failed, or it ran out of time. The snapshot records it as
 * an unavailable part; the other parts are unaffected.
 */
export class PartUnavailableError extends AiSysadminError {
  readonly unavailableCause: PartUnavailableCause;

  constructor(cause: PartUnavailableCause, reason: string, options: { host?: string } = {}) {
    super(`PART_${cause.toUpperCase()}`, reason, options.host ? { host: options.host } : {});
    this.unavailableCause = cause;
  }
}
