/**
 * The runnable forms of a command: the argv to spawn on this machine, and the one POSIX-quoted
 * line an SSH server hands to the remote user's shell. Both add sudo the same way, here only.
 */
import type { Command } from './command.js';
import { validateArgv } from './command.js';
import { quoteArgv } from './posix-quote.js';
import type { Target } from './target.js';

/** `-n`: never prompt for a password (fail instead); `--`: nothing after it is a sudo option. */
export const SUDO_PREFIX = ['sudo', '-n', '--'] as const;

/** Whether the command gets a sudo prefix on this target. */
export function needsSudo(command: Command, target: Target): boolean {
  if (!command.sudo) return false;
  if (target.kind === 'local') return !target.runningAsRoot;
  return target.ssh.sudo && target.ssh.username !== 'root';
}

/**
 * The argv that is executed: the command's own, behind `env NAME=value` when it carries an
 * environment (so the variables survive sudo, which resets the environment, and reach a remote
 * host without AcceptEnv), behind `sudo -n --` where root is needed.
 */
export function execArgv(command: Command, target: Target): string[] {
  validateArgv(command.argv);
  const env = Object.entries(command.env ?? {}).map(([name, value]) => `${name}=${value}`);
  const argv = env.length ? ['env', ...env, ...command.argv] : [...command.argv];
  return needsSudo(command, target) ? [...SUDO_PREFIX, ...argv] : argv;
}

/** Seconds the host's own `timeout` gives a command after TERM before it sends KILL. */
export const REMOTE_KILL_AFTER_SEC = 2;

export interface RemoteLineOptions {
  /**
   * The host ends the command itself after this many seconds: the line runs it under coreutils'
   * `timeout` (TERM to its whole process group, sudo passing it on, then KILL), because sshd
   * refuses the SSH signal request for a root login, and closing a channel ends nothing.
   */
  deadlineSec?: number;
}

/**
 * The single line sent over SSH: every word POSIX-quoted, so no byte of an argument is ever shell
 * syntax; behind `timeout -k 2 <s>` when given a deadline. The argv a person sees (execArgv,
 * displayCommand) is the command's own: the wrapper is how it is carried, like the quoting.
 */
export function remoteCommandLine(command: Command, target: Target, options: RemoteLineOptions = {}): string {
  const argv = execArgv(command, target);
  if (options.deadlineSec === undefined) return quoteArgv(argv);
  const seconds = String(Math.max(1, Math.ceil(options.deadlineSec)));
  return quoteArgv(['timeout', '-k', String(REMOTE_KILL_AFTER_SEC), seconds, ...argv]);
}
