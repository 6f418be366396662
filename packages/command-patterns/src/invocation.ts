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

/** The single line sent over SSH: every word POSIX-quoted, so no byte of an argument is ever shell syntax. */
export function remoteCommandLine(command: Command, target: Target): string {
  return quoteArgv(execArgv(command, target));
}
