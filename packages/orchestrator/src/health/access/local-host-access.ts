/** This machine: commands spawned without a shell, files read directly. */
import { readFile, readdir } from 'node:fs/promises';
import { makeCommand } from '@ai-sysadmin/command-patterns';
import { LocalRunner } from '@ai-sysadmin/executor';
import type { HostAccess, RunOptions } from './host-access.js';

export class LocalHostAccess implements HostAccess {
  readonly host = 'local';
  readonly kind = 'local' as const;
  readonly address = 'localhost';
  private readonly runner = new LocalRunner();

  run(argv: readonly string[], options: RunOptions) {
    // A check never prompts for a password: locally it reads what the user running it may read
    // (so needsRoot adds no sudo here; the journal part says when it sees only part of the log).
    const command = makeCommand(argv, {
      timeoutMs: options.timeoutMs,
      ...(options.maxOutputBytes ? { maxOutputBytes: options.maxOutputBytes } : {}),
    });
    return this.runner.run(command, options.signal ? { signal: options.signal } : {});
  }

  async readFiles(paths: readonly string[]): Promise<Map<string, string>> {
    const contents = await Promise.all(paths.map((p) => readFile(p, 'utf8').catch(() => undefined)));
    const files = new Map<string, string>();
    paths.forEach((p, i) => {
      if (contents[i] !== undefined) files.set(p, contents[i]!);
    });
    return files;
  }

  async listDir(path: string): Promise<string[] | null> {
    try {
      return await readdir(path);
    } catch {
      return null;
    }
  }
}
