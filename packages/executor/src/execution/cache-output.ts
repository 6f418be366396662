/**
 * Output beyond a command's cap goes to the ToolCache (core), under an id the LLM can ask for
 * page by page. The runner writes each cut stream whole (up to the action's output bound) to a
 * staging file; it is moved into the cache here, the staging file removed, and the cache brought
 * back within toolCache.maxTotalMiB (oldest entries first).
 */
import { createReadStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { ToolCache } from '@ai-sysadmin/core';
import type { CommandResult } from '../runner/command-result.js';

/** ToolCache ids of the full stdout and stderr, where they were cut. */
export interface CachedOutput {
  readonly stdout?: string;
  readonly stderr?: string;
}

export async function cacheSpilledOutput(
  cache: ToolCache,
  result: CommandResult,
  label: string,
): Promise<{ result: CommandResult; cached?: CachedOutput }> {
  if (!result.spilled) return { result };
  const cached: { stdout?: string; stderr?: string } = {};
  for (const stream of ['stdout', 'stderr'] as const) {
    const path = stream === 'stdout' ? result.spilled.stdoutPath : result.spilled.stderrPath;
    if (!path) continue;
    const info = await cache.put(createReadStream(path), { label: `${label} (${stream})` });
    cached[stream] = info.id;
    await rm(path, { force: true });
  }
  // A spill is the large output by definition: the cache is brought back under its bound now.
  await cache.cleanup();
  const { spilled: _moved, ...rest } = result;
  return { result: rest, cached };
}
