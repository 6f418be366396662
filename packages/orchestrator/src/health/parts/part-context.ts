/** What every part collector receives: the host, the run it belongs to, and what parts share. */
import type { CommandResult } from '@ai-sysadmin/executor/runner';
import type { HostAccess, RunOptions } from '../access/host-access.js';
import type { PartRun } from '../run-part.js';
import { PartUnavailableError } from '../../errors/part-unavailable-error.js';
import type { ProcSample } from './proc-sample.js';

/** The file readings the os, cpu, memory, uptime and network parts share, taken once per snapshot. */
export interface SharedReadings {
  /** The first reading: os-release, the kernel's name for itself, /proc counters. */
  first: Promise<Map<string, string>>;
  /** Both readings, SAMPLE_WINDOW_MS apart, for rates. */
  sample(): Promise<ProcSample>;
}

export interface PartContext {
  access: HostAccess;
  run: PartRun;
  readings: SharedReadings;
}

/** Run options for a command inside a part: the rest of the part's budget, ended with the part. */
export function within(run: PartRun, extra: Partial<RunOptions> = {}): RunOptions {
  return { timeoutMs: run.remainingMs(), signal: run.signal, ...extra };
}

/** A tool that is not installed on the host (the shell's 127, or our spawn's ENOENT). */
export function notInstalled(result: CommandResult): boolean {
  return (
    result.exitCode === 127 || /command not found|No such file or directory$/m.test(result.stderr.split('\n')[0] ?? '')
  );
}

/** The first line of what a failed command said, for a reason a person reads. */
export function firstLine(result: CommandResult): string {
  const said = (result.stderr.trim() || result.stdout.trim()).split('\n')[0]?.trim();
  if (result.timedOut) return 'it timed out';
  return said ? `"${said.slice(0, 200)}"` : `exit status ${result.exitCode ?? result.signal}`;
}

/** Throws the part's "failed" outcome for a command that did not succeed. */
export function failIfUnsuccessful(result: CommandResult, what: string, host: string): void {
  if (result.timedOut) throw new PartUnavailableError('timeout', `${what} timed out on ${host}`);
  if (result.exitCode !== 0)
    throw new PartUnavailableError('failed', `${what} failed on ${host}: ${firstLine(result)}`);
}
