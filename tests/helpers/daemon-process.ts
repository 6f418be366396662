/** `ai-sysadmin daemon --config F` (the built binary) as its own process, the way systemd runs it. */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { closeSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '@ai-sysadmin/core';
import { REPO_ROOT, tempDir, waitUntil } from '../rig/index.js';

export const BIN = join(REPO_ROOT, 'packages/cli/bin/ai-sysadmin.js');

export interface DaemonProcess {
  readonly child: ChildProcess;
  readonly configPath: string;
  /** Everything it wrote to stdout and stderr. */
  output(): string;
  started(): Promise<void>;
  signal(signal: NodeJS.Signals): void;
  exited(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** The config as a file a person would write (the derived paths left out, so they derive again). */
export function writeConfigFile(config: Config, dir = tempDir('daemon-config')): string {
  const path = join(dir, 'config.json');
  writeFileSync(path, JSON.stringify({ ...config, logLevel: 'info' }, null, 2));
  return path;
}

export function spawnDaemon(configPath: string): DaemonProcess {
  const logPath = join(tempDir('daemon-proc'), 'daemon.out');
  const log = openSync(logPath, 'a');
  const child = spawn(process.execPath, [BIN, 'daemon', '--config', configPath], {
    stdio: ['ignore', log, log],
    // The environment the NixOS unit gives it (module.nix, nodeEnvironment).
    env: { ...process.env, AI_SYSADMIN_CONFIG: '', MALLOC_ARENA_MAX: '2' },
  });
  closeSync(log);
  const output = () => readFileSync(logPath, 'utf8');
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return {
    child,
    configPath,
    output,
    started: async () => {
      await waitUntil(
        'the daemon to start',
        () => {
          if (child.exitCode !== null || child.signalCode !== null) throw new Error(`the daemon exited: ${output()}`);
          return output().includes('daemon started');
        },
        30_000,
      );
    },
    signal: (s) => child.kill(s),
    exited: () => exit,
  };
}

export function runCli(args: string[]) {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    env: { ...process.env, AI_SYSADMIN_CONFIG: '' },
    timeout: 60_000,
    killSignal: 'SIGKILL',
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}
