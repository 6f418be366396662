/** What every part collector receives: the host, the run it belongs to, and the files parts share. */
import { displayArg, SUDO_PREFIX } from '@ai-sysadmin/command-patterns';
import type { CommandResult } from '@ai-sysadmin/executor/runner';
import type { PartRun } from '../run-part.js';
import { PartUnavailableError } from '../../errors/part-unavailable-error.js';
import type { SnapshotFiles } from './snapshot-files.js';
import type { HostMemory } from '../host-memory.js';

export interface PartContext {
  /** `local` or the managed system's name, for messages. */
  host: string;
  /** The part's run: its commands (`run.command`), its budget, its abort. */
  run: PartRun;
  /** The snapshot's file readings, read once for all parts. */
  files: SnapshotFiles;
  /** What earlier checks of the host learned. */
  memory: HostMemory;
  /** How often the Nix store's size is measured (0: every check). */
  nixStoreSizeIntervalMs: number;
}

/** A tool that is not installed on the host (the shell's 127, or our spawn's ENOENT). */
export function notInstalled(result: CommandResult): boolean {
  return (
    result.exitCode === 127 || /command not found|No such file or directory$/m.test(result.stderr.split('\n')[0] ?? '')
  );
}

/** The command as a person reads it, without the sudo prefix the runner may have added. */
export function commandText(result: Pick<CommandResult, 'argv'>): string {
  const argv = result.argv[0] === SUDO_PREFIX[0] ? result.argv.slice(SUDO_PREFIX.length) : result.argv;
  return `\`${argv.map(displayArg).join(' ')}\``;
}

/** The first line of what a failed command said, for a reason a person reads. */
export function firstLine(result: CommandResult): string {
  const said = (result.stderr.trim() || result.stdout.trim()).split('\n')[0]?.trim();
  if (result.timedOut) return `it did not answer within ${Math.round(result.durationMs / 100) / 10} s and was stopped`;
  return said ? `"${said.slice(0, 200)}"` : `exit status ${result.exitCode ?? result.signal}`;
}

/** Throws the part's "failed" (or "timeout") outcome for a command that did not succeed, naming the command. */
export function failIfUnsuccessful(result: CommandResult, host: string): void {
  if (result.timedOut)
    throw new PartUnavailableError('timeout', `${commandText(result)} timed out on ${host}: ${firstLine(result)}`);
  if (result.exitCode !== 0)
    throw new PartUnavailableError('failed', `${commandText(result)} failed on ${host}: ${firstLine(result)}`);
}
