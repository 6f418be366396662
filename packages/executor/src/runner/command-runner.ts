import type { Command } from '@ai-sysadmin/command-patterns';
import type { CommandResult } from './command-result.js';

export interface RunOptions {
  /** Where to keep the full output of a stream that goes beyond the command's maxOutputBytes. */
  spillDir?: string;
  /** Ends the command early (the caller gave up); the result then says timedOut: false, signal set. */
  signal?: AbortSignal;
  /**
   * What both streams may produce in all, kept inline or spilled; at that point the command is
   * stopped and the result says `outputLimited`. Unbounded when absent.
   */
  maxTotalBytes?: number;
}

/**
 * Runs commands on one host. A run resolves whenever the command ran, whatever its exit status
 * or a timeout; it rejects only when the command could not be started at all (the host is
 * down, refuses our key or presents a changed host key).
 */
export interface CommandRunner {
  readonly host: string;
  run(command: Command, options?: RunOptions): Promise<CommandResult>;
  /** Makes sure the host can be used now (opens its connection); rejects with a HostError when it cannot. */
  connect(): Promise<void>;
  close(): Promise<void>;
}
