/**
 * The validation build of a NixOS change: `nix build --no-link` of the configuration's toplevel,
 * once, under `nixBuildTimeoutSec`, before anyone is asked to approve it. The whole of a cut log
 * goes to the ToolCache; the audit keeps the end of each stream, where nix says what went wrong.
 */
import { type Config, LOCAL_HOST, type ToolCache, errorMessage, isNixStorePath } from '@ai-sysadmin/core';
import { makeCommand } from '@ai-sysadmin/command-patterns';
import type { RunSummary } from '../audit/audit-entry.js';
import { resultSummary } from '../audit/audit-records.js';
import { cacheSpilledOutput } from '../execution/cache-output.js';
import type { ActionPolicy } from '../policy/action-policy.js';
import { classifyCommand } from '../policy/evaluate-policy.js';
import type { RunnerSource } from '../runner/runner-source.js';
import { validationBuildArgv } from './nixos-argv.js';

export interface BuildOutcome {
  /** The system that was built; absent when it was not. */
  readonly outPath?: string;
  /** Why it was not built. */
  readonly problem?: string;
  readonly summary: RunSummary;
}

export interface BuildParts {
  readonly config: Config;
  readonly policy: ActionPolicy;
  readonly runners: RunnerSource;
  readonly toolCache: ToolCache;
}

export async function buildSystem(parts: BuildParts, tree: string, configuration: string): Promise<BuildOutcome> {
  const { config } = parts;
  const argv = validationBuildArgv(tree, configuration);
  const classification = classifyCommand(argv, parts.policy.context());
  if (classification.risk === 'forbidden')
    return { problem: `the validation build is refused by the policy: ${classification.reason}`, summary: {} };
  const command = makeCommand(argv, {
    timeoutMs: config.execution.nixBuildTimeoutSec * 1000,
    maxOutputBytes: config.execution.maxOutputBytes,
  });
  let outcome;
  try {
    const ran = await parts.runners.runner(LOCAL_HOST).run(command, { spillDir: parts.toolCache.spillDir });
    outcome = await cacheSpilledOutput(parts.toolCache, ran, `nix build of ${configuration}`);
  } catch (error) {
    return { problem: `the validation build could not start: ${errorMessage(error)}`, summary: {} };
  }
  const { result, cached } = outcome;
  const summary = resultSummary(result, cached, 'end');
  if (result.timedOut) {
    return {
      problem: `the validation build did not finish within execution.nixBuildTimeoutSec (${config.execution.nixBuildTimeoutSec} s); it is not retried`,
      summary,
    };
  }
  const outPath = result.stdout
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .at(-1);
  if (result.exitCode !== 0 || !outPath || !isNixStorePath(outPath)) {
    return {
      problem: `the configuration does not build (nix build exited ${result.exitCode}): ${lastLines(result.stderr, 15)}`,
      summary,
    };
  }
  return { outPath, summary };
}

function lastLines(text: string, n: number): string {
  return text.trim().split('\n').slice(-n).join('\n');
}
