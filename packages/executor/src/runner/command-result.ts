/** What running one command produced, the same shape for a local spawn and an SSH channel. */
export interface CommandResult {
  /** `local` or the managed system's name. */
  readonly host: string;
  /** The argv that was executed (with the sudo prefix when one was added). */
  readonly argv: readonly string[];
  /** null when the process was ended by a signal or the timeout. */
  readonly exitCode: number | null;
  readonly signal: string | null;
  /** The first maxOutputBytes of each stream, decoded as UTF-8. */
  readonly stdout: string;
  readonly stderr: string;
  /** Bytes each stream produced in all, kept or not. */
  readonly stdoutBytes: number;
  readonly stderrBytes: number;
  /** True when either stream went beyond maxOutputBytes and was cut. */
  readonly truncated: boolean;
  readonly timedOut: boolean;
  /** The command was stopped because its output reached RunOptions.maxTotalBytes; what it produced up to there is kept. */
  readonly outputLimited?: boolean;
  readonly durationMs: number;
  /** The full output, where it was cut and the caller asked for it to be kept on disk. */
  readonly spilled?: { readonly stdoutPath: string; readonly stderrPath: string };
}

export function succeeded(result: CommandResult): boolean {
  return result.exitCode === 0 && !result.timedOut && !result.outputLimited;
}
