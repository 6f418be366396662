/** Runs commands on one managed host over its persistent SSH connection, as one POSIX-quoted line each. */
import type { ClientChannel } from 'ssh2';
import type { Logger } from '@ai-sysadmin/core';
import { type Command, type Target, execArgv, remoteCommandLine } from '@ai-sysadmin/command-patterns';
import { HostConnectionLostError } from '../errors/host-connection-lost-error.js';
import type { CommandResult } from './command-result.js';
import type { CommandRunner, RunOptions } from './command-runner.js';
import { CommandOutput } from './output-capture.js';
import { SshConnection } from './ssh-connection.js';

interface ChannelOutcome {
  code: number | null;
  signal: string | null;
  timedOut: boolean;
  /** The channel closed without an exit status and without us stopping it: the connection dropped. */
  lost: boolean;
}

export class SshRunner implements CommandRunner {
  readonly host: string;
  private readonly connection: SshConnection;

  constructor(
    private readonly target: Extract<Target, { kind: 'ssh' }>,
    options: { maxChannels?: number; logger?: Logger } = {},
  ) {
    this.host = target.name;
    this.connection = new SshConnection(target.ssh, options);
  }

  get connected(): boolean {
    return this.connection.connected;
  }

  async connect(): Promise<void> {
    await this.connection.connect();
  }

  async run(command: Command, options: RunOptions = {}): Promise<CommandResult> {
    const line = remoteCommandLine(command, this.target);
    const started = performance.now();
    // Output past the budget (when there is one) stops the command as a caller's abort would.
    const limit = options.maxTotalBytes !== undefined ? new AbortController() : undefined;
    const output = new CommandOutput(command, options, () => limit?.abort());
    const signal = limit
      ? options.signal
        ? AbortSignal.any([options.signal, limit.signal])
        : limit.signal
      : options.signal;
    const outcome = await this.connection.exec(line, (channel) => {
      channel.on('data', (chunk: Buffer) => output.stdout.push(chunk));
      channel.stderr.on('data', (chunk: Buffer) => output.stderr.push(chunk));
      return waitForChannel(channel, command.timeoutMs, signal);
    });
    await output.close();
    if (outcome.lost) throw new HostConnectionLostError(this.host, line);
    return {
      host: this.host,
      argv: execArgv(command, this.target),
      exitCode: outcome.code,
      signal: outcome.signal,
      ...output.result(),
      timedOut: outcome.timedOut,
      durationMs: Math.round(performance.now() - started),
    };
  }

  close(): Promise<void> {
    return this.connection.close();
  }
}

function waitForChannel(
  channel: ClientChannel,
  timeoutMs: number,
  abort: AbortSignal | undefined,
): Promise<ChannelOutcome> {
  return new Promise((resolve) => {
    let code: number | null = null;
    let signal: string | null = null;
    let exited = false;
    let stopped: 'timeout' | 'abort' | undefined;

    const finish = () => {
      clearTimeout(timer);
      abort?.removeEventListener('abort', onAbort);
      resolve({ code, signal, timedOut: stopped === 'timeout', lost: !exited && !stopped });
    };
    const stop = (why: 'timeout' | 'abort') => {
      if (stopped || exited) return;
      stopped = why;
      signal = 'SIGKILL';
      try {
        channel.signal('KILL');
      } catch {
        // not every server takes signal requests; closing the channel follows anyway
      }
      channel.close();
      // The server closes its side only once everything the command started has let go of its
      // output; the caller does not wait for that (the channel's slot stays held until it does).
      finish();
    };
    const timer = setTimeout(() => stop('timeout'), timeoutMs);
    const onAbort = () => stop('abort');
    abort?.addEventListener('abort', onAbort, { once: true });

    channel.on('exit', (exitCode: number | null, exitSignal?: string) => {
      exited = true;
      code = typeof exitCode === 'number' ? exitCode : null;
      signal = exitSignal ? `SIG${exitSignal}` : null;
    });
    channel.on('close', finish);
  });
}
