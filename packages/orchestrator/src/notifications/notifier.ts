/**
 * A notifier delivers one message to one receiver (Gotify, a webhook). It either resolves (the
 * receiver accepted it) or throws a NotifierError saying whether trying again can help. The
 * outbox owns order, retries and durability; a notifier only sends.
 */
export interface OutgoingMessage {
  /** The outbox's sequence number, increasing with every message. */
  readonly seq: number;
  readonly createdAt: string;
  readonly title: string;
  readonly message: string;
  /** Gotify's scale: 8+ critical, 4-7 attention, 1-3 info. */
  readonly priority: number;
  /** Only the daemon's own text is ever sent as Markdown; anything from outside is escaped in it. */
  readonly markdown: boolean;
  readonly host: string | null;
  /** What the message is about: issues, a person's notify, a remediation. */
  readonly kind: 'issues' | 'notify' | 'remediation';
  readonly issueIds: readonly number[];
}

export interface Notifier {
  /** gotify, webhook */
  readonly name: string;
  /** Where it sends, for logs and status (never with a token). */
  readonly destination: string;
  send(message: OutgoingMessage, signal?: AbortSignal): Promise<void>;
}

/** The priorities of the issue's table: critical 8, attention 5, info 2. */
export const PRIORITY = { critical: 8, attention: 5, info: 2 } as const;
