/**
 * Runs one approved (or auto-run) argv on one host through its runner: spawn locally, the
 * host's ssh2 connection remotely, never a shell. First the last checks on the host
 * (`prepare-on-host.ts`: what a path really is, where a name really resolves, who owns a flake);
 * what runs is the argv in its checked form. Output is bounded in all (`maxTotalBytes`): past
 * it the command is stopped and the result says so.
 */
import { AiSysadminError, type ToolCache, errorMessage } from '@ai-sysadmin/core';
import type { Command } from '@ai-sysadmin/command-patterns';
import type { CommandResult } from '../runner/command-result.js';
import type { CommandRunner } from '../runner/command-runner.js';
import type { Classification } from '../policy/evaluate-policy.js';
import type { PolicyContext } from '../policy/policy-context.js';
import { type CachedOutput, cacheSpilledOutput } from './cache-output.js';
import { prepareOnHost } from './prepare-on-host.js';

export interface HostRun {
  readonly host: string;
  readonly display: string;
  /** Present when the command ran (whatever its exit status). */
  readonly result?: CommandResult;
  /** ToolCache ids of the whole of any stream that was cut at the output cap. */
  readonly cached?: CachedOutput;
  /** Present when it did not run on this host, and why. */
  readonly error?: { readonly code: string; readonly message: string; readonly hint?: string };
  /** The argv that ran, where the checks on the host gave it another form (a resolved path, a pinned address). */
  readonly executedArgv?: readonly string[];
}

export interface RunOnHostOptions {
  readonly runner: CommandRunner;
  readonly command: Command;
  readonly display: string;
  /** What the policy made of the argv: the checks on the host follow from it. */
  readonly classification: Classification;
  readonly context: Omit<PolicyContext, 'autonomy'>;
  /** A person approved it: a destination outside the allow-list may be reached. */
  readonly approvedByPerson: boolean;
  /** Keeps the whole of a cut stream (the runner stages it in the cache's spill folder first). */
  readonly cache: ToolCache;
  /** What the command may print in all, inline and spilled. */
  readonly maxTotalBytes: number;
}

export async function runOnHost(options: RunOnHostOptions): Promise<HostRun> {
  const { runner, command, display } = options;
  const host = command.host;
  try {
    const prepared = await prepareOnHost({
      runner,
      host,
      sudo: command.sudo,
      argv: command.argv,
      classification: options.classification,
      context: options.context,
      approvedByPerson: options.approvedByPerson,
    });
    if (!prepared.ok) return { host, display, error: { code: prepared.code, message: prepared.message } };
    const changed = prepared.argv.length !== command.argv.length || prepared.argv.some((a, i) => a !== command.argv[i]);
    const ran = await runner.run(
      { ...command, argv: prepared.argv },
      { spillDir: options.cache.spillDir, maxTotalBytes: options.maxTotalBytes },
    );
    const { result, cached } = await cacheSpilledOutput(options.cache, ran, `${display} on ${host}`);
    return {
      host,
      display,
      result,
      ...(cached ? { cached } : {}),
      ...(changed ? { executedArgv: prepared.argv } : {}),
    };
  } catch (error) {
    return { host, display, error: describeError(error) };
  }
}

export function describeError(error: unknown): { code: string; message: string; hint?: string } {
  if (error instanceof AiSysadminError)
    return { code: error.code, message: error.message, ...(error.hint ? { hint: error.hint } : {}) };
  return { code: 'RUN_FAILED', message: errorMessage(error) };
}

export function ranCleanly(run: HostRun): boolean {
  return run.result !== undefined && run.result.exitCode === 0 && !run.result.timedOut && !run.result.outputLimited;
}
