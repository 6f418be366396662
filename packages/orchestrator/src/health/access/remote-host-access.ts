/**
 * A managed host over its persistent SSH connection (the executor's runner for that host): every
 * command of a check goes over the same connection as a channel, none spawns a process here, and
 * a snapshot's files are read in one sftp session. A host without the sftp subsystem is read with
 * commands instead (`ExecFileReader`), which costs a few more sessions.
 */
import { makeCommand } from '@ai-sysadmin/command-patterns';
import { AiSysadminError } from '@ai-sysadmin/core';
import type { CommandResult, CommandRunner } from '@ai-sysadmin/executor/runner';
import { HostConnectionLostError, SftpUnavailableError } from '@ai-sysadmin/executor/errors';
import { PartUnavailableError } from '../../errors/part-unavailable-error.js';
import { firstLine, notInstalled } from '../parts/part-context.js';
import type { FileReader, HostAccess, ReaderOptions, RunOptions } from './host-access.js';

/** A runner that can also read files without a command (the SSH runner's sftp session). */
interface FileReadingRunner extends CommandRunner {
  openFileReader(options: ReaderOptions): Promise<FileReader>;
}

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
      if (!isCode(error, HostConnectionLostError.CODE) || options.signal?.aborted) throw error;
      return this.runner.run(command, runOptions);
    }
  }

  async openFiles(options: ReaderOptions): Promise<FileReader> {
    if (!hasFileReader(this.runner)) return new ExecFileReader(this, options);
    try {
      return await this.runner.openFileReader(options);
    } catch (error) {
      if (!isCode(error, SftpUnavailableError.CODE)) throw error;
      return new ExecFileReader(this, options);
    }
  }
}

function hasFileReader(runner: CommandRunner): runner is FileReadingRunner {
  return typeof (runner as Partial<FileReadingRunner>).openFileReader === 'function';
}

function isCode(error: unknown, code: string): boolean {
  return error instanceof AiSysadminError && error.code === code;
}

/**
 * Files read with commands, for a host without sftp: `grep -a -s -H '' -- paths...` prints every
 * line of every file as `path:line` (all files in one command), `ls -1 -A` lists a directory,
 * `readlink` reads a link. Each command gets what is left of the reader's time.
 */
export class ExecFileReader implements FileReader {
  private readonly deadline: number;

  constructor(
    private readonly access: Pick<HostAccess, 'host' | 'run'>,
    private readonly options: ReaderOptions,
  ) {
    this.deadline = performance.now() + options.timeoutMs;
  }

  async readFiles(paths: readonly string[]): Promise<Map<string, string>> {
    const result = await this.command(['grep', '-a', '-s', '-H', '', '--', ...paths]);
    // -s silences missing and unreadable files (exit 2 with nothing said); anything grep does say is a real failure.
    if (
      result.timedOut ||
      result.exitCode === 127 ||
      (result.exitCode !== 0 && result.exitCode !== 1 && result.stderr.trim() !== '')
    ) {
      throw new PartUnavailableError(
        result.timedOut ? 'timeout' : 'failed',
        `reading ${describePaths(paths)} failed on ${this.access.host}: ${firstLine(result)}`,
      );
    }
    return splitGrepOutput(result.stdout, paths);
  }

  async listDir(path: string): Promise<string[] | null> {
    const result = await this.command(['ls', '-1', '-A', '--', path]);
    if (result.exitCode === 0) return result.stdout.split('\n').filter((name) => name !== '');
    if (/No such file or directory|Not a directory/i.test(result.stderr)) return null;
    throw this.cannot('list', path, result);
  }

  async readLink(path: string): Promise<string | null> {
    const result = await this.command(['readlink', '--', path]);
    if (result.exitCode === 0) return result.stdout.replace(/\n$/, '');
    // readlink says nothing and exits 1 for a path that is not a link or does not exist.
    if (result.exitCode === 1 && result.stderr.trim() === '') return null;
    throw this.cannot('read the link', path, result);
  }

  async close(): Promise<void> {}

  private command(argv: string[]): Promise<CommandResult> {
    return this.access.run(argv, {
      timeoutMs: Math.max(1, this.deadline - performance.now()),
      ...(this.options.signal ? { signal: this.options.signal } : {}),
    });
  }

  /** A tool that is missing or failed says nothing about the path: never "it does not exist". */
  private cannot(what: string, path: string, result: CommandResult): PartUnavailableError {
    const tool = notInstalled(result)
      ? `${result.argv[0]} is not installed`
      : `${result.argv[0]} failed (${firstLine(result)})`;
    return new PartUnavailableError(
      result.timedOut ? 'timeout' : 'failed',
      `could not ${what} ${path} on ${this.access.host}: ${tool}`,
    );
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
