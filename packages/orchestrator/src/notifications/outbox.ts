/**
 * The durable, ordered outbox in `<stateDir>/outbox/`: every message gets the next sequence
 * number and is written to the queue of each configured notifier before anything is sent; each
 * queue delivers in order with backoff while its receiver is down, and survives restarts.
 * Without any notifier, messages are logged and kept for `status`; nothing fails.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger, OutboxStatus, RecentMessage } from '@ai-sysadmin/core';
import { replaceFileSync } from '@ai-sysadmin/core';
import type { NotifierError } from '../errors/notifier-error.js';
import { type ChannelEvents, OutboxChannel, type RetrySettings, readSeqFile } from './outbox-channel.js';
import type { Notifier, OutgoingMessage } from './notifier.js';

export type MessageDraft = Omit<OutgoingMessage, 'seq' | 'createdAt'>;

export interface OutboxOptions {
  readonly dir: string;
  readonly notifiers: readonly Notifier[];
  readonly logger: Logger;
  readonly retry?: RetrySettings;
  readonly events?: Partial<ChannelEvents> & { queued?(message: OutgoingMessage, targets: readonly string[]): void };
  readonly now?: () => Date;
}

const RECENT = 50;

export class Outbox {
  private readonly channels = new Map<string, OutboxChannel>();
  private readonly recentMessages: OutgoingMessage[] = [];
  private readonly seqPath: string;
  private lastSeq: number;
  private readonly retry: RetrySettings;
  private readonly events: ChannelEvents;
  private readonly now: () => Date;
  private started = false;

  constructor(private readonly options: OutboxOptions) {
    mkdirSync(options.dir, { recursive: true, mode: 0o700 });
    this.seqPath = join(options.dir, 'last-seq');
    this.retry = options.retry ?? { initialMs: 1000, maxMs: 60_000 };
    this.now = options.now ?? (() => new Date());
    this.events = {
      delivered: (target, message) => {
        options.logger.info({ target, seq: message.seq, title: message.title }, 'notification delivered');
        options.events?.delivered?.(target, message);
      },
      failed: (target, message, error) => options.events?.failed?.(target, message, error),
      attempt: (target, error: NotifierError | null) => options.events?.attempt?.(target, error),
    };
    this.lastSeq = readSeqFile(this.seqPath);
    this.setNotifiers(options.notifiers);
  }

  get targets(): string[] {
    return [...this.channels.keys()];
  }

  /** After a config reload: new notifiers get a queue, removed ones stop (their files stay). */
  setNotifiers(notifiers: readonly Notifier[]): void {
    const wanted = new Map(notifiers.map((n) => [n.name, n]));
    for (const [name, channel] of this.channels) {
      if (!wanted.has(name)) {
        void channel.stop(0);
        this.channels.delete(name);
      }
    }
    for (const notifier of notifiers) {
      const existing = this.channels.get(notifier.name);
      if (existing) {
        existing.replaceNotifier(notifier);
        continue;
      }
      const channel = new OutboxChannel(this.options.dir, notifier, this.retry, this.events, this.options.logger);
      this.lastSeq = Math.max(this.lastSeq, channel.highestSeq());
      this.channels.set(notifier.name, channel);
      if (this.started) channel.start();
    }
  }

  start(): void {
    this.started = true;
    for (const channel of this.channels.values()) channel.start();
  }

  /** Numbers the message and writes it to every notifier's queue; returns it as queued. */
  enqueue(draft: MessageDraft): OutgoingMessage {
    const message: OutgoingMessage = { ...draft, seq: this.lastSeq + 1, createdAt: this.now().toISOString() };
    replaceFileSync(this.seqPath, `${message.seq}\n`);
    this.lastSeq = message.seq;
    for (const channel of this.channels.values()) channel.add(message);
    this.recentMessages.push(message);
    if (this.recentMessages.length > RECENT) this.recentMessages.shift();
    this.options.events?.queued?.(message, this.targets);
    const fields = {
      seq: message.seq,
      title: message.title,
      priority: message.priority,
      host: message.host,
      targets: this.targets,
    };
    if (this.channels.size === 0)
      this.options.logger.info(
        { ...fields, message: message.message },
        'notification (no notifier is configured: shown here and in `status`)',
      );
    else this.options.logger.debug(fields, 'notification queued');
    return message;
  }

  depth(): number {
    let depth = 0;
    for (const channel of this.channels.values()) depth += channel.depth();
    return depth;
  }

  status(): OutboxStatus[] {
    return [...this.channels.values()].map((c) => ({
      target: c.target,
      depth: c.depth(),
      sent: c.sent,
      failed: c.failed,
      lastError: c.lastError,
    }));
  }

  recent(): RecentMessage[] {
    return this.recentMessages
      .map((m) => ({
        seq: m.seq,
        at: m.createdAt,
        title: m.title,
        message: m.message,
        priority: m.priority,
        host: m.host,
      }))
      .reverse();
  }

  /** Delivers what waits for up to `flushMs`, then stops every queue. */
  async stop(flushMs: number): Promise<void> {
    await Promise.all([...this.channels.values()].map((c) => c.stop(flushMs)));
  }
}
