/** Runs commands on one managed host over its persistent SSH connection, as one POSIX-quoted line each. */
import type { ClientChannel } from 'ssh2';
import type { Logger } from '@ai-sysadmin/core';
import {
  type Command,
  type Target,
  REMOTE_KILL_AFTER_SEC,
  displayArg,
  execArgv,
  remoteCommandLine,
} from '@ai-sysadmin/command-patterns';
import { HostConnectionLostError } from '../errors/host-connection-lost-error.js';
import type { CommandResult } from './command-result.js';
import type { CommandRunner, RunOptions } from './command-runner.js';
import { CommandOutput } from './output-capture.js';
import { type ChannelRequest, SshConnection } from './ssh-connection.js';
import type { SftpFileReader } from './sftp-file-reader.js';

/** How long a stopped command is waited for at least, for its exit on the host. */
const STOP_CONFIRM_MS = 2000;
/** After the host's own `timeout` should have ended it: how much longer its exit is waited for. */
const HOST_DEADLINE_GRACE_MS = 1000;
/** The shell's word for a `timeout` it cannot find (not timeout's own "failed to run command"). */
const NO_TIMEOUT_PROGRAM = /(^|\s)timeout: (command )?not found|command not found: timeout|^timeout: No such file/m;

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
  /** Whether commands go under the host's own `timeout` (until the host shows it has none). */
  private hostTimeout = true;

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

  /** The host's SSH session limit as its refusals showed it (its MaxSessions); undefined while it refused none. */
  get learnedSessionLimit(): number | undefined {
    return this.connection.learnedSessionLimit;
  }

  async connect(): Promise<void> {
    await this.connection.connect();
  }

  /**
   * The command's deadline (its timeoutMs) runs from this call: waiting for a free session counts
   * against it, and the host's own `timeout` ends it there too. On timeout or abort it is stopped
   * (see waitForChannel), and the result comes once it has exited on the host, so a command that
   * timed out leaves nothing running. A command whose caller gave up before it started is never
   * started (CommandNotStartedError).
   */
  async run(command: Command, options: RunOptions = {}): Promise<CommandResult> {
    const started = performance.now();
    // Output past the budget (when there is one) stops the command as a caller's abort would.
    const limit = options.maxTotalBytes !== undefined ? new AbortController() : undefined;
    const signal = limit
      ? options.signal
        ? AbortSignal.any([options.signal, limit.signal])
        : limit.signal
      : options.signal;
    const request: ChannelRequest = {
      what: `\`${describeArgv(command.argv)}\``,
      deadline: started + command.timeoutMs,
      signal,
    };
    for (;;) {
      const wrapped = this.hostTimeout;
      let remoteDeadline: number | undefined;
      const line = () => {
        const left = request.deadline - performance.now();
        if (!wrapped) return remoteCommandLine(command, this.target);
        remoteDeadline = performance.now() + Math.ceil(left / 1000) * 1000 + REMOTE_KILL_AFTER_SEC * 1000;
        return remoteCommandLine(command, this.target, { deadlineSec: left / 1000 });
      };
      const output = new CommandOutput(command, options, () => limit?.abort());
      let outcome: ChannelOutcome;
      try {
        outcome = await this.connection.exec(
          line,
          (channel) => {
            channel.on('data', (chunk: Buffer) => output.stdout.push(chunk));
            channel.stderr.on('data', (chunk: Buffer) => output.stderr.push(chunk));
            return waitForChannel(channel, request.deadline, remoteDeadline, signal);
          },
          request,
        );
      } finally {
        await output.close();
      }
      if (outcome.lost) throw new HostConnectionLostError(this.host, remoteCommandLine(command, this.target));
      const result: CommandResult = {
        host: this.host,
        argv: execArgv(command, this.target),
        exitCode: outcome.code,
        signal: outcome.signal,
        ...output.result(),
        timedOut: outcome.timedOut,
        durationMs: Math.round(performance.now() - started),
      };
      // A host without coreutils' timeout (macOS): nothing ran; from now on its commands go bare.
      if (wrapped && result.exitCode === 127 && NO_TIMEOUT_PROGRAM.test(result.stderr)) {
        this.hostTimeout = false;
        continue;
      }
      return result;
    }
  }

  /** An sftp session on the host's connection, for reading files without a command (SftpUnavailableError where there is none). */
  openFileReader(options: { timeoutMs: number; signal?: AbortSignal }): Promise<SftpFileReader> {
    return this.connection.sftp({
      what: 'the sftp session',
      deadline: performance.now() + options.timeoutMs,
      signal: options.signal,
    });
  }

  close(): Promise<void> {
    return this.connection.close();
  }
}

/** The argv as a person reads it, cut to a line. */
function describeArgv(argv: readonly string[]): string {
  const text = argv.map(displayArg).join(' ');
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

/**
 * Waits for a command's channel to close. Past the deadline, or on abort, the command is stopped:
 * `signal KILL` (honoured by OpenSSH 8.1 and later for a non-root login, to the command's whole
 * process group), and then its exit is waited for, which at the deadline the host's own `timeout`
 * brings at the latest (sshd refuses signals for a root login); only then is the channel closed,
 * because closing it ends only a command that still writes.
 */
function waitForChannel(
  channel: ClientChannel,
  deadline: number,
  remoteDeadline: number | undefined,
  abort: AbortSignal | undefined,
): Promise<ChannelOutcome> {
  return new Promise((resolve) => {
    let code: number | null = null;
    let signal: string | null = null;
    let exited = false;
    let stopped: 'timeout' | 'abort' | undefined;
    let stopping = false;
    let settled = false;
    let giveUp: NodeJS.Timeout | undefined;

    const finish = () => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearTimeout(giveUp);
      abort?.removeEventListener('abort', onAbort);
      resolve({ code, signal, timedOut: stopped === 'timeout', lost: !exited && !stopped });
    };
    const closeNow = () => {
      channel.close();
      // The host answers a close at once; should it not, the caller is not held.
      setTimeout(finish, 1000).unref();
    };
    const stop = (why: 'timeout' | 'abort') => {
      if (settled || stopping) return;
      stopping = true;
      clearTimeout(timer);
      // Exited, yet the channel is open: something it started holds its output.
      if (exited) return closeNow();
      stopped = why;
      signal = 'SIGKILL';
      try {
        channel.signal('KILL');
      } catch {
        // not every server takes signal requests; the host's own deadline follows
      }
      // At its deadline the host's own timeout is due too: its exit is waited for. Stopped early
      // (the caller gave up, the output went past its budget), it gets 2 s to exit; then the
      // channel is closed, which ends a command still writing (SIGPIPE), and the host's timeout
      // ends one that only waits, at its deadline.
      const now = performance.now();
      const bound =
        why === 'timeout'
          ? Math.max(now + STOP_CONFIRM_MS, (remoteDeadline ?? 0) + HOST_DEADLINE_GRACE_MS)
          : now + STOP_CONFIRM_MS;
      giveUp = setTimeout(closeNow, bound - now);
    };
    const timer = setTimeout(() => stop('timeout'), Math.max(0, deadline - performance.now()));
    const onAbort = () => stop('abort');

    channel.on('exit', (exitCode: number | null, exitSignal?: string) => {
      exited = true;
      if (!stopped) {
        code = typeof exitCode === 'number' ? exitCode : null;
        signal = exitSignal ? `SIG${exitSignal}` : null;
      }
      if (stopping) {
        clearTimeout(giveUp);
        closeNow();
      }
    });
    channel.on('close', finish);
    // Aborted while the channel was being opened: the command has just started, so it is stopped at once.
    if (abort?.aborted) stop('abort');
    else abort?.addEventListener('abort', onAbort, { once: true });
  });
}
