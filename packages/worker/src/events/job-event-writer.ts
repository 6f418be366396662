/**
 * The worker's side of a job's event stream. Tokens are sent without waiting for each reply
 * (one connection keeps them in order); every other event waits until Redis has it, and
 * refreshes the stream's expiry.
 */
import type { Redis } from 'ioredis';
import { JOB_EVENT_FIELD, type JobEvent, jobEventSchema } from '@ai-sysadmin/core';

/** Longest a stream may grow (tokens of a very long answer); older entries are trimmed. */
const MAX_ENTRIES = 200_000;

export type TerminalEvent = Extract<JobEvent, { type: 'done' | 'failed' }>;

export class JobEventWriter {
  private pending: Promise<unknown> = Promise.resolve();
  private failure: unknown;

  constructor(
    private readonly redis: Redis,
    private readonly key: string,
    private readonly ttlSec: number,
  ) {}

  async write(event: JobEvent): Promise<void> {
    this.token_(event);
    this.pending = this.redis.expire(this.key, this.ttlSec);
    await this.flush();
  }

  /** Sends a token event; `flush` waits for all of them. */
  token(attempt: number, text: string): void {
    this.token_({ type: 'token', attempt, text });
  }

  async flush(): Promise<void> {
    await this.pending.catch(() => undefined);
    if (this.failure) {
      const failure = this.failure;
      this.failure = undefined;
      throw failure;
    }
  }

  private token_(event: JobEvent): void {
    this.pending = this.redis
      .xadd(this.key, 'MAXLEN', '~', MAX_ENTRIES, '*', JOB_EVENT_FIELD, JSON.stringify(event))
      .catch((error: unknown) => {
        this.failure ??= error;
      });
  }

  /** The job's terminal event, if an earlier attempt already wrote one. */
  static async lastTerminal(redis: Redis, key: string): Promise<TerminalEvent | undefined> {
    const entries = await redis.xrevrange(key, '+', '-', 'COUNT', 1);
    const event = entries[0] ? parseEntry(entries[0][1]) : undefined;
    return event && (event.type === 'done' || event.type === 'failed') ? event : undefined;
  }
}

/** An entry's fields ([name, value, ...]) as a JobEvent, or undefined when it is not one. */
export function parseEntry(fields: string[]): JobEvent | undefined {
  const index = fields.indexOf(JOB_EVENT_FIELD);
  if (index === -1 || index % 2 !== 0) return undefined;
  try {
    const parsed = jobEventSchema.safeParse(JSON.parse(fields[index + 1]!));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
