/**
 * Runs one approved (or auto-run) argv on one host through its runner: spawn locally, the
 * host's ssh2 connection remotely, never a shell. Paths a command reads are resolved on the host
 * first and checked again, so a symlink planted at an innocent name cannot lead to a secret.
 */
import { AiSysadminError, type ToolCache, errorMessage } from '@ai-sysadmin/core';
import { type Command, makeCommand } from '@ai-sysadmin/command-patterns';
import type { CommandResult } from '../runner/command-result.js';
import type { CommandRunner } from '../runner/command-runner.js';
import { type SecretPathSettings, secretPathProblem } from '../policy/secret-paths.js';
import { type CachedOutput, cacheSpilledOutput } from './cache-output.js';

export interface HostRun {
  readonly host: string;
  readonly display: string;
  /** Present when the command ran (whatever its exit status). */
  readonly result?: CommandResult;
  /** ToolCache ids of the whole of any stream that was cut at the output cap. */
  readonly cached?: CachedOutput;
  /** Present when it did not run on this host, and why. */
  readonly error?: { readonly code: string; readonly message: string; readonly hint?: string };
}

export interface RunOnHostOptions {
  readonly runner: CommandRunner;
  readonly command: Command;
  readonly display: string;
  /** Absolute paths whose contents the command reads: resolved on the host and checked before it runs. */
  readonly readPaths: readonly string[];
  readonly secrets: SecretPathSettings;
  /** Keeps the whole of a cut stream (the runner stages it in the cache's spill folder first). */
  readonly cache: ToolCache;
}

export async function runOnHost(options: RunOnHostOptions): Promise<HostRun> {
  const { runner, command, display } = options;
  const host = command.host;
  try {
    if (options.readPaths.length > 0) {
      const problem = await resolvedPathProblem(runner, command, options.readPaths, options.secrets);
      if (problem) return { host, display, error: { code: 'READ_PATH_REFUSED', message: problem } };
    }
    const ran = await runner.run(command, { spillDir: options.cache.spillDir });
    const { result, cached } = await cacheSpilledOutput(options.cache, ran, `${display} on ${host}`);
    return { host, display, result, ...(cached ? { cached } : {}) };
  } catch (error) {
    return { host, display, error: describeError(error) };
  }
}

async function resolvedPathProblem(
  runner: CommandRunner,
  command: Command,
  paths: readonly string[],
  secrets: SecretPathSettings,
): Promise<string | undefined> {
  const resolve = makeCommand(['realpath', '-m', '--', ...paths], {
    host: command.host,
    sudo: command.sudo,
    timeoutMs: 30_000,
    maxOutputBytes: 256 * 1024,
  });
  const result = await runner.run(resolve);
  const resolved = result.stdout.split('\n').filter((l) => l !== '');
  if (result.exitCode !== 0 || resolved.length !== paths.length) {
    return `could not resolve ${paths.join(', ')} on ${command.host} before reading (realpath exited ${result.exitCode}: ${result.stderr.trim().slice(0, 200)})`;
  }
  for (let i = 0; i < paths.length; i++) {
    if (resolved[i] === paths[i]) continue;
    const problem = secretPathProblem(resolved[i]!, secrets);
    if (problem) return `${paths[i]} resolves to ${resolved[i]} on ${command.host}, which is refused: ${problem}`;
  }
  return undefined;
}

export function describeError(error: unknown): { code: string; message: string; hint?: string } {
  if (error instanceof AiSysadminError)
    return { code: error.code, message: error.message, ...(error.hint ? { hint: error.hint } : {}) };
  return { code: 'RUN_FAILED', message: errorMessage(error) };
}

export function ranCleanly(run: HostRun): boolean {
  return run.result !== undefined && run.result.exitCode === 0 && !run.result.timedOut;
}
