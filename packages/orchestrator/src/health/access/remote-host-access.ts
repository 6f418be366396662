/**
 * A managed host over its persistent SSH connection (the executor's runner for that host): every
 * command of a check goes over the same connection as a channel, none spawns a process here.
 */
import { makeCommand } from '@ai-sysadmin/command-patterns';
import type { CommandRunner } from '@ai-sysadmin/executor';
import type { HostAccess, RunOptions } from './host-access.js';

export class RemoteHostAccess implements HostAccess {
  readonly kind = 'ssh' as const;

  constructor(
    readonly host: string,
    readonly address: string,
    private readonly runner: CommandRunner,
  ) {}

  run(argv: readonly string[], options: RunOptions) {
    const command = makeCommand(argv, {
      host: this.host,
      timeoutMs: options.timeoutMs,
      sudo: options.needsRoot ?? false,
      ...(options.maxOutputBytes ? { maxOutputBytes: options.maxOutputBytes } : {}),
    });
    return this.runner.run(command, options.signal ? { signal: options.signal } : {});
  }

  /** One `grep -H ''` prints every line of every file as `path:line`: all files in one round trip. */
  async readFiles(paths: readonly string[], options: RunOptions): Promise<Map<string, string>> {
    const result = await this.run(['grep', '-a', '-s', '-H', '', '--', ...paths], options);
    return splitGrepOutput(result.stdout, paths);
  }

  async listDir(path: string, options: RunOptions): Promise<string[] | null> {
    const result = await this.run(['ls', '-1', '-A', '--', path], options);
    if (result.exitCode !== 0) return null;
    return result.stdout.split('\n').filter((name) => name !== '');
  }
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
