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
    let delay = this.retry.initialMs;
    while (!this.stopped) {
      const next = this.pendingSeqs()[0];
      if (next === undefined) {
        await new Promise<void>((resolve) => (this.wake = resolve));
        this.wake = undefined;
        continue;
      }
      const path = join(this.dir, seqFileName(next));
      if (next <= this.lastSent) {
        rmSync(path, { force: true }); // sent before a crash, removed after it
        continue;
      }
      const message = JSON.parse(readFileSync(path, 'utf8')) as OutgoingMessage;
      try {
        this.inFlight = new AbortController();
        await this.notifier.send(message, this.inFlight.signal);
      } catch (error) {
        if (this.stopped) break;
        const failure =
          error instanceof NotifierError
            ? error
            : new NotifierError(this.target, String(error), false, { cause: error });
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
          continue;
        }
        await this.pause(delay);
        delay = Math.min(delay * 2, this.retry.maxMs);
        continue;
      } finally {
        this.inFlight = undefined;
      }
      this.markSent(next);
      rmSync(path, { force: true });
      this.sent++;
      this.lastError = null;
      delay = this.retry.initialMs;
      this.events.attempt(this.target, null);
      this.events.delivered(this.target, message);
    }
  }

  private markSent(seq: number): void {
    replaceFileSync(this.lastSentPath, `${seq}\n`);
    this.lastSent = seq;
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
