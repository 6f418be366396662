/** This machine: commands spawned without a shell, files read directly. */
import { readFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { makeCommand, LOCAL_HOST } from '@ai-sysadmin/command-patterns';
import type { CommandRunner } from '@ai-sysadmin/executor/runner';
import type { HostAccess, RunOptions } from './host-access.js';

export class LocalHostAccess implements HostAccess {
  readonly host = LOCAL_HOST;
  readonly kind = 'local' as const;
  readonly address = 'localhost';
  private runner: Promise<CommandRunner> | undefined;

  async run(argv: readonly string[], options: RunOptions) {
    // A check never prompts for a password: locally it reads what the user running it may read
    // (so needsRoot adds no sudo here; the journal part says when it sees only part of the log).
    const command = makeCommand(argv, {
      timeoutMs: options.timeoutMs,
      ...(options.maxOutputBytes ? { maxOutputBytes: options.maxOutputBytes } : {}),
    });
    return (await this.localRunner()).run(command, options.signal ? { signal: options.signal } : {});
  }

  /**
   * The executor is loaded on the first command, not with this module: its entry point also loads
   * the SSH client, and loading it while the first CPU sample's window runs costs a check no time.
   */
  private localRunner(): Promise<CommandRunner> {
    this.runner ??= import('@ai-sysadmin/executor/runner').then(({ LocalRunner }) => new LocalRunner());
    return this.runner;
  }

  /**
   * Read synchronously: these are small kernel and /etc files that never wait on a disk, and a
   * read that cannot queue behind the check's own spawns keeps the CPU sampling window exact.
   */
  async readFiles(paths: readonly string[], _options?: RunOptions): Promise<Map<string, string>> {
    const files = new Map<string, string>();
    for (const path of paths) {
      try {
        files.set(path, readFileSync(path, 'utf8'));
      } catch {
        // missing or unreadable: left out, as the interface says
      }
    }
    return files;
  }

  async listDir(path: string, _options?: RunOptions): Promise<string[] | null> {
    try {
      return await readdir(path);
    } catch {
      return null;
    }
  }
}
