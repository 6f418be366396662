/**
 * A managed host over its persistent SSH connection (the executor's runner for that host): every
 * command of a check goes over the same connection as a channel, none spawns a process here.
 */
import { makeCommand } from '@ai-sysadmin/command-patterns';
import { AiSysadminError } from '@ai-sysadmin/core';
import type { CommandRunner } from '@ai-sysadmin/executor/runner';
import { PartUnavailableError } from '../../errors/part-unavailable-error.js';
import { firstLine } from '../parts/part-context.js';
import type { HostAccess, RunOptions } from './host-access.js';
import { HostConnectionLostError } from '@ai-sysadmin/executor/errors';

export class RemoteHostAccess implements HostAccess {
  readonly kind = 'ssh' as const;

  constructor(
    readonly host: string,
    readonly address: string,
    private readonly runner: CommandRunner,
  ) {}

  async run(argv: readonly string[], options: RunOptions) {
    const command = makeCommand(argv, {
      host: this.host,
      timeoutMs: options.timeoutMs,
      sudo: options.needsRoot ?? false,
      ...(options.maxOutputBytes ? { maxOutputBytes: options.maxOutputBytes } : {}),
    });
    const runOptions = options.signal ? { signal: options.signal } : {};
    try {
      return await this.runner.run(command, runOptions);
    } catch (error) {
      // Every command a check runs only reads, so one whose outcome was lost with its channel
      // is simply asked again (over the connection as it is now); a second loss stands.
      if (!(error instanceof AiSysadminError) || error.code !== HostConnectionLostError.CODE || options.signal?.aborted)
        throw error;
      return this.runner.run(command, runOptions);
    }
  }

  /** One `grep -H ''` prints every line of every file as `path:line`: all files in one round trip. */
  async readFiles(paths: readonly string[], options: RunOptions): Promise<Map<string, string>> {
    const result = await this.run(['grep', '-a', '-s', '-H', '', '--', ...paths], options);
    // -s silences missing and unreadable files (exit 2 with nothing said); anything grep does say is a real failure.
    if (
      result.timedOut ||
      (result.exitCode !== 0 && result.exitCode !== 1 && result.stderr.trim() !== '') ||
      result.exitCode === 127
    ) {
      throw new PartUnavailableError(
        result.timedOut ? 'timeout' : 'failed',
        `reading ${describePaths(paths)} failed on ${this.host}: ${firstLine(result)}`,
      );
    }
    return splitGrepOutput(result.stdout, paths);
  }

  async listDir(path: string, options: RunOptions): Promise<string[] | null> {
    const result = await this.run(['ls', '-1', '-A', '--', path], options);
    if (result.exitCode !== 0) return null;
    return result.stdout.split('\n').filter((name) => name !== '');
  }
}

function describePaths(paths: readonly string[]): string {
  return paths.length <= 2 ? paths.join(' and ') : `${paths[0]} and ${paths.length - 1} other files`;
}

/** `path:line` lines back into one text per file; the longest matching path wins. */
export function splitGrepOutput(stdout: string, paths: readonly string[]): Map<string, string> {
  const byLength = [...paths].sort((a, b) => b.length - a.length);
  const lines = new Map<string, string[]>();
  for (const line of stdout.split('\n')) {
    const path = byLength.find((p) => line.startsWith(`${p}:`));
    if (path === undefined) continue;
    let list = lines.get(path);
    if (!list) lines.set(path, (list = []));
    list.push(line.slice(path.length + 1));
  }
  return new Map([...lines].map(([path, content]) => [path, `${content.join('\n')}\n`]));
}
