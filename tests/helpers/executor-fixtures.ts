/** Building blocks for executor tests: a config over a temp state dir, runners that record every command. */
import { rmSync } from 'node:fs';
import { type Config, type ConfigInput, parseConfig } from '@ai-sysadmin/core';
import type { Command } from '@ai-sysadmin/command-patterns';
import { type CommandRunner, LocalRunner, type RunnerSource } from '@ai-sysadmin/executor';
import { tempDir } from '../rig/index.js';

/** A state dir in the rig's temp root: removed by remove(), or at the latest when the test run ends. */
export function tempStateDir(prefix = 'state'): { dir: string; remove(): void } {
  const dir = tempDir(prefix);
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export function testConfig(stateDir: string, extra: Partial<ConfigInput> = {}): Config {
  return parseConfig({ aiName: 'rhiannon', stateDir, logLevel: 'silent', ...extra });
}

/** Every command asked of any runner, in order. */
export class RecordingRunners implements RunnerSource {
  readonly commands: Command[] = [];
  private readonly runners = new Map<string, CommandRunner>();

  constructor(private readonly make: (host: string) => CommandRunner = () => new LocalRunner()) {}

  runner(host: string): CommandRunner {
    let inner = this.runners.get(host);
    if (!inner) {
      inner = this.make(host);
      this.runners.set(host, inner);
    }
    const commands = this.commands;
    const target = inner;
    return {
      host,
      run: (command, options) => {
        commands.push(command);
        return target.run(command, options);
      },
      connect: () => target.connect(),
      close: () => target.close(),
    };
  }
}

export const byUser = (text: string) => ({ kind: 'user' as const, text });
