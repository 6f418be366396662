/** Exit statuses of the ai-sysadmin binary; sysexits.h values where one fits. */
export const EXIT = {
  ok: 0,
  /** check: warnings found. */
  warnings: 1,
  /** check: critical findings. Also: a subcommand that is not built yet. */
  critical: 2,
  notImplemented: 2,
  /** check: the check itself could not be done. */
  checkFailed: 3,
  /** EX_USAGE: bad arguments. */
  usage: 64,
  /** EX_DATAERR: input that was read but is wrong (a rejected command line). */
  dataError: 65,
  /** EX_UNAVAILABLE: a service the command needs is not there. */
  unavailable: 69,
  /** EX_NOPERM: this user may not use the daemon's socket (the message names the group to join). */
  noPermission: 77,
  /** EX_SOFTWARE: a bug. */
  internal: 70,
  /** chat, ask: the answer was stopped (Ctrl-C), as a shell reports SIGINT. */
  interrupted: 130,
  /** EX_CONFIG: the configuration is invalid. */
  config: 78,
} as const;
