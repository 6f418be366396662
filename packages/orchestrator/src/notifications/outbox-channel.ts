/**
 * The queue of one notifier, on disk: `<outbox>/<target>/<seq>.json`, one file per message,
 * delivered strictly in sequence order, the next only after the one before was accepted.
 *
 * Exactly once per message, as far as a receiver without idempotency keys allows: a message file
 * is written (fsynced) before anything is sent; after the receiver accepted it, `last-sent` is
 * replaced atomically with its number, then the file is removed. A restart skips files at or
 * below `last-sent`, so a crash after the mark repeats nothing; only a crash between the
 * receiver's answer and the mark can repeat the one message that was in flight.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '@ai-sysadmin/core';
import { replaceFileSync, sleep } from '@ai-sysadmin/core';
import { NotifierError } from '../errors/notifier-error.js';
import type { Notifier, OutgoingMessage } from './notifier.js';

export interface RetrySettings {
  readonly initialMs: number;
  readonly maxMs: number;
}

export interface ChannelEvents {
  delivered(target: string, message: OutgoingMessage): void;
  failed(target: string, message: OutgoingMessage, error: NotifierError): void;
  /** Every failed attempt; `null` after one that succeeded. */
  attempt(target: string, error: NotifierError | null): void;
}

const FILE = /^(\d{12})\.json$/;
export const seqFileName = (seq: number) => `${String(seq).padStart(12, '0')}.json`;

export class OutboxChannel {
  readonly dir: string;
  private readonly failedDir: string;
  private readonly lastSentPath: string;
  private lastSent: number;
  private wake: (() => void) | undefined;
  private stopped = false;
  private inFlight: AbortController | undefined;
  private loop: Promise<void> | undefined;
  /** The backoff before the next attempt: from retry.initialMs, doubling to retry.maxMs, back at the start after a success. */
  private delay: number;
  sent = 0;
  failed = 0;
  lastError: string | null = null;

  constructor(
    outboxDir: string,
    private notifier: Notifier,
    private readonly retry: RetrySettings,
    private readonly events: ChannelEvents,
    private readonly logger: Logger,
  ) {
    this.dir = join(outboxDir, notifier.name);
    this.failedDir = join(this.dir, 'failed');
    this.lastSentPath = join(this.dir, 'last-sent');
    mkdirSync(this.failedDir, { recursive: true, mode: 0o700 });
    this.lastSent = readSeqFile(this.lastSentPath);
    this.delay = retry.initialMs;
  }

  get target(): string {
    return this.notifier.name;
  }

  /** The highest sequence number this channel has seen, sent or waiting. */
  highestSeq(): number {
    return Math.max(this.lastSent, ...this.pendingSeqs());
  }

  replaceNotifier(notifier: Notifier): void {
    this.notifier = notifier;
  }

  /** Writes the message durably; delivery follows in order. */
  add(message: OutgoingMessage): void {
    replaceFileSync(join(this.dir, seqFileName(message.seq)), `${JSON.stringify(message)}\n`);
    this.wake?.();
  }

  depth(): number {
    return this.pendingSeqs().filter((s) => s > this.lastSent).length;
  }

  start(): void {
    this.loop ??= this.run();
  }

  /** Delivers what waits for up to `flushMs`, then stops (a send still in flight is aborted). */
  async stop(flushMs: number): Promise<void> {
    const deadline = Date.now() + flushMs;
    while (this.depth() > 0 && Date.now() < deadline && this.loop)
      await sleep(Math.max(0, Math.min(50, deadline - Date.now())));
    this.stopped = true;
    this.inFlight?.abort(new Error('the daemon is stopping'));
    this.wake?.();
    await this.loop;
  }

  private pendingSeqs(): number[] {
    return readdirSync(this.dir)
      .map((name) => FILE.exec(name))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => Number(m[1]))
      .sort((a, b) => a - b);
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      try {
        await this.deliverNext();
      } catch (error) {
        // A state file that cannot be read or written (a full disk): say so, wait, try again; never stop delivering.
        this.lastError = `the outbox in ${this.dir} failed: ${error instanceof Error ? error.message : String(error)}`;
        this.logger.error({ target: this.target, err: this.lastError }, `${this.lastError}; retrying`);
        await this.pause(this.delay);
        this.delay = Math.min(this.delay * 2, this.retry.maxMs);
      }
    }
  }

  /** Delivers the oldest waiting message, or waits for one; a notifier's refusal is handled here, anything else thrown. */
  private async deliverNext(): Promise<void> {
    const next = this.pendingSeqs()[0];
    if (next === undefined) {
      await new Promise<void>((resolve) => (this.wake = resolve));
      this.wake = undefined;
      return;
    }
    const path = join(this.dir, seqFileName(next));
    if (next <= this.lastSent) {
      rmSync(path, { force: true }); // sent before a crash, removed after it
      return;
    }
    const message = JSON.parse(readFileSync(path, 'utf8')) as OutgoingMessage;
    try {
      this.inFlight = new AbortController();
      await this.notifier.send(message, this.inFlight.signal);
    } catch (error) {
      if (this.stopped) return;
      const failure =
        error instanceof NotifierError ? error : new NotifierError(this.target, String(error), false, { cause: error });
      this.lastError = failure.message;
      this.events.attempt(this.target, failure);
      if (failure.permanent) {
        renameSync(path, join(this.failedDir, seqFileName(next)));
        this.failed++;
        this.logger.error(
          { target: this.target, seq: next, title: message.title, err: failure.message },
          `${this.target} refused message ${next} for good; it is kept in ${this.failedDir}`,
        );
        this.events.failed(this.target, message, failure);
        return;
      }
      await this.pause(this.delay);
      this.delay = Math.min(this.delay * 2, this.retry.maxMs);
      return;
    } finally {
      this.inFlight = undefined;
    }
    this.markSent(next);
    rmSync(path, { force: true });
    this.sent++;
    this.lastError = null;
    this.delay = this.retry.initialMs;
    this.events.attempt(this.target, null);
    this.events.delivered(this.target, message);
  }

  /** Marks the message delivered; where the mark cannot be written, this process still never sends it again. */
  private markSent(seq: number): void {
    this.lastSent = seq;
    try {
      replaceFileSync(this.lastSentPath, `${seq}\n`);
    } catch (error) {
      this.logger.warn(
        { target: this.target, seq, err: error instanceof Error ? error.message : String(error) },
        `message ${seq} was delivered to ${this.target} but could not be marked in ${this.lastSentPath}; a restart before the next mark may send it again`,
      );
    }
  }

  private async pause(ms: number): Promise<void> {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        // A new message does not cut a backoff short; stopping does.
        if (this.stopped) {
          clearTimeout(timer);
          resolve();
        }
      };
    });
    this.wake = undefined;
  }
}

/** A sequence number kept in a file (`last-sent`, `last-seq`); 0 when there is none yet. */
export function readSeqFile(path: string): number {
  try {
    const value = Number(readFileSync(path, 'utf8').trim());
    return Number.isInteger(value) && value >= 0 ? value : 0;
  } catch {
    return 0;
  }
}
