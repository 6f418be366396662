/**
 * Collects one output stream: keeps the first `limit` bytes, counts the rest, and where asked
 * writes the whole stream to a file so nothing that was cut is lost. Both streams of a command
 * share one budget (RunOptions.maxTotalBytes): once what they produced in all reaches it,
 * nothing more is kept or written and the runner stops the command, so a command that never
 * stops talking (`yes`, a device read as a file) cannot fill the disk during its time limit.
 */
import { randomUUID } from 'node:crypto';
import { createWriteStream, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import type { Command } from '@ai-sysadmin/command-patterns';
import type { CommandResult } from './command-result.js';
import type { RunOptions } from './command-runner.js';

/** What both streams of one command may produce in all; `exhausted` runs once when it is used up. */
export class OutputBudget {
  private used = 0;
  private spent = false;

  constructor(
    private readonly total: number,
    private readonly exhausted: () => void,
  ) {}

  /** How many of `bytes` more may still be taken. */
  take(bytes: number): number {
    if (this.spent) return 0;
    const granted = Math.min(bytes, this.total - this.used);
    this.used += granted;
    if (this.used >= this.total) {
      this.spent = true;
      this.exhausted();
    }
    return granted;
  }

  get reached(): boolean {
    return this.spent;
  }
}

export class OutputCapture {
  private readonly chunks: Buffer[] = [];
  private kept = 0;
  private total = 0;
  private spill: WriteStream | undefined;
  private closed = false;

  constructor(
    private readonly limit: number,
    private readonly spillPath?: string,
    private readonly budget?: OutputBudget,
  ) {}

  push(whole: Buffer): void {
    if (this.closed) return; // output that arrives after the command was given up on
    const chunk = this.budget ? whole.subarray(0, this.budget.take(whole.length)) : whole;
    if (chunk.length === 0) return;
    const keepNow = chunk.subarray(0, Math.max(0, this.limit - this.kept));
    if (keepNow.length > 0) {
      this.chunks.push(keepNow);
      this.kept += keepNow.length;
    }
    this.total += chunk.length;
    if (this.spill) {
      this.spill.write(chunk);
    } else if (this.total > this.limit && this.spillPath) {
      // The first overflow: the file starts with everything kept so far.
      this.spill = createWriteStream(this.spillPath, { mode: 0o600 });
      for (const c of this.chunks) this.spill.write(c);
      this.spill.write(chunk.subarray(keepNow.length));
    }
  }

  get bytes(): number {
    return this.total;
  }

  get truncated(): boolean {
    return this.total > this.limit || (this.budget?.reached ?? false);
  }

  get spilledTo(): string | undefined {
    return this.spill ? this.spillPath : undefined;
  }

  /** The kept bytes as text; a multi-byte character cut at the limit is dropped, not mangled. */
  text(): string {
    const buffer = Buffer.concat(this.chunks);
    const text = buffer.toString('utf8');
    return this.truncated && text.endsWith('\ufffd') ? text.replace(/\ufffd+$/, '') : text;
  }

  async close(): Promise<void> {
    this.closed = true;
    const spill = this.spill;
    if (!spill) return;
    await new Promise<void>((resolve, reject) =>
      spill.end((error?: Error | null) => (error ? reject(error) : resolve())),
    );
  }
}

/** A command's stdout and stderr, captured the same way by every runner. */
export class CommandOutput {
  readonly stdout: OutputCapture;
  readonly stderr: OutputCapture;
  private readonly budget: OutputBudget | undefined;

  /**
   * Each stream keeps `command.maxOutputBytes`; with `options.spillDir`, a cut stream is kept whole
   * there; with `options.maxTotalBytes`, both together stop at that many bytes and `onLimit` (the
   * runner stopping the command) is called once.
   */
  constructor(
    command: Pick<Command, 'maxOutputBytes'>,
    options: Pick<RunOptions, 'spillDir' | 'maxTotalBytes'> = {},
    onLimit: () => void = () => {},
  ) {
    const spillBase = options.spillDir ? join(options.spillDir, randomUUID()) : undefined;
    this.budget = options.maxTotalBytes !== undefined ? new OutputBudget(options.maxTotalBytes, onLimit) : undefined;
    this.stdout = new OutputCapture(command.maxOutputBytes, spillBase && `${spillBase}.stdout`, this.budget);
    this.stderr = new OutputCapture(command.maxOutputBytes, spillBase && `${spillBase}.stderr`, this.budget);
  }

  close(): Promise<void> {
    return Promise.all([this.stdout.close(), this.stderr.close()]).then(() => undefined);
  }

  /** The output fields of a CommandResult (after close). */
  result(): Pick<
    CommandResult,
    'stdout' | 'stderr' | 'stdoutBytes' | 'stderrBytes' | 'truncated' | 'spilled' | 'outputLimited'
  > {
    const spilledOut = this.stdout.spilledTo;
    const spilledErr = this.stderr.spilledTo;
    return {
      stdout: this.stdout.text(),
      stderr: this.stderr.text(),
      stdoutBytes: this.stdout.bytes,
      stderrBytes: this.stderr.bytes,
      truncated: this.stdout.truncated || this.stderr.truncated,
      ...(this.budget?.reached ? { outputLimited: true } : {}),
      ...(spilledOut || spilledErr ? { spilled: { stdoutPath: spilledOut ?? '', stderrPath: spilledErr ?? '' } } : {}),
    };
  }
}
