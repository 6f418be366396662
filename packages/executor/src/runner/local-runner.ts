/** Runs commands on this machine: spawn with an argv, never a shell. */
import { spawn } from 'node:child_process';
import { type Command, type Target, LOCAL_HOST, execArgv, localTarget } from '@ai-sysadmin/command-patterns';
import type { CommandResult } from './command-result.js';
import type { CommandRunner, RunOptions } from './command-runner.js';
import { CommandOutput } from './output-capture.js';

/** Time a command gets between SIGTERM and SIGKILL once its time is up. */
const KILL_GRACE_MS = 2000;

/** Pagers and colours off, so output is plain text whatever the caller's environment. */
const QUIET_ENV = { SYSTEMD_PAGER: '', SYSTEMD_COLORS: '0', PAGER: 'cat', NO_COLOR: '1' };

export class LocalRunner implements CommandRunner {
  readonly host = LOCAL_HOST;
  private readonly target: Target;

  constructor(target: Target = localTarget()) {
    this.target = target;
  }

  run(command: Command, options: RunOptions = {}): Promise<CommandResult> {
    const argv = execArgv(command, this.target);
    const started = performance.now();
    let stopForOutput = () => {};
    const output = new CommandOutput(command, options, () => stopForOutput());

    return new Promise((resolve) => {
      // detached: the command leads its own process group, so a timeout ends everything it started.
      const child = spawn(argv[0]!, argv.slice(1), {
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: true,
        env: { ...process.env, ...QUIET_ENV },
      });
      let timedOut = false;
      let spawnError: NodeJS.ErrnoException | undefined;
      const killGroup = (signal: NodeJS.Signals) => {
        try {
          if (child.pid) process.kill(-child.pid, signal);
        } catch {
          // already gone
        }
      };
      const stop = (why: 'timeout' | 'abort' | 'output') => {
        timedOut = why === 'timeout';
        killGroup('SIGTERM');
        setTimeout(() => killGroup('SIGKILL'), KILL_GRACE_MS).unref();
      };
      stopForOutput = () => stop('output');
      const timer = setTimeout(() => stop('timeout'), command.timeoutMs);
      const onAbort = () => stop('abort');
      options.signal?.addEventListener('abort', onAbort, { once: true });

      child.stdout.on('data', (chunk: Buffer) => output.stdout.push(chunk));
      child.stderr.on('data', (chunk: Buffer) => output.stderr.push(chunk));
      child.on('error', (error: NodeJS.ErrnoException) => {
        spawnError = error;
      });
      child.on('close', async (code, signal) => {
        clearTimeout(timer);
        options.signal?.removeEventListener('abort', onAbort);
        await output.close();
        const notFound = spawnError?.code === 'ENOENT';
        const failedToStart = spawnError && !notFound ? `${argv[0]}: ${spawnError.message}\n` : '';
        const captured = output.result();
        resolve({
          host: this.host,
          argv,
          exitCode: notFound ? 127 : spawnError ? 126 : code,
          signal: signal ?? null,
          ...captured,
          stderr: notFound ? `${argv[0]}: command not found\n` : failedToStart || captured.stderr,
          timedOut,
          durationMs: Math.round(performance.now() - started),
        });
      });
    });
  }

  async connect(): Promise<void> {}

  async close(): Promise<void> {}
}
