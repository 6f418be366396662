/**
 * The runner for each host, made on first use and kept: `local` runs here, every managed system
 * over its one persistent SSH connection.
 */
import type { Config, Logger } from '@ai-sysadmin/core';
import { type Command, resolveTarget } from '@ai-sysadmin/command-patterns';
import type { CommandResult } from './command-result.js';
import type { CommandRunner, RunOptions } from './command-runner.js';
import type { RunnerSource } from './runner-source.js';
import { LocalRunner } from './local-runner.js';
import { SshRunner } from './ssh-runner.js';

export interface RunnerPoolOptions {
  logger?: Logger;
  /** Exec channels open at once per host. */
  maxChannelsPerHost?: number;
}

export class RunnerPool implements RunnerSource {
  private readonly runners = new Map<string, CommandRunner>();

  constructor(
    private readonly config: Pick<Config, 'remoteSystems' | 'ssh'>,
    private readonly options: RunnerPoolOptions = {},
  ) {}

  /** The runner for `local` or a managed system's name; an unknown name throws with the known ones. */
  runner(host: string): CommandRunner {
    let runner = this.runners.get(host);
    if (!runner) {
      const target = resolveTarget(host, this.config);
      runner =
        target.kind === 'local'
          ? new LocalRunner(target)
          : new SshRunner(target, { logger: this.options.logger, maxChannels: this.options.maxChannelsPerHost });
      this.runners.set(host, runner);
    }
    return runner;
  }

  run(command: Command, options?: RunOptions): Promise<CommandResult> {
    return this.runner(command.host).run(command, options);
  }

  async closeAll(): Promise<void> {
    const runners = [...this.runners.values()];
    this.runners.clear();
    await Promise.all(runners.map((r) => r.close()));
  }
}
