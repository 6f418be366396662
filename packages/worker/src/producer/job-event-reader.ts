/**
 * Reads the event streams of every job a producer waits for, over one blocking connection:
 * one XREAD names all the streams, each from the last id seen. A job followed while the read
 * is blocked adds to the producer's wake stream, which that same XREAD also names, so the read
 * returns at once and the next one includes the new job; an XADD that lands before the XREAD is
 * still seen, since the wake stream is read from its last id too.
 *
 * Redis going away costs nothing: ioredis reconnects and the read goes on from the same ids.
 */
import type { Redis } from 'ioredis';
import type { JobEvent, LlmQueueKeys } from '@ai-sysadmin/core';
import { parseEntry } from '../events/job-event-writer.js';
import { sleep } from '@ai-sysadmin/core';

export type EventListener = (event: JobEvent) => void;

const BLOCK_MS = 2000;
const WAKE_TTL_SEC = 24 * 3600;

export class JobEventReader {
  private readonly followed = new Map<string, { lastId: string; listener: EventListener }>();
  private readonly wakeKey: string;
  private wakeLastId = '0-0';
  private closed = false;
  private readonly loop: Promise<void>;

  constructor(
    private readonly blocking: Redis,
    private readonly commands: Redis,
    private readonly keys: LlmQueueKeys,
    producerId: string,
    private readonly onError: (error: unknown) => void,
  ) {
    this.wakeKey = keys.producerWake(producerId);
    this.loop = this.run();
  }

  follow(jobId: string, listener: EventListener): void {
    this.followed.set(this.keys.jobEvents(jobId), { lastId: '0-0', listener });
    void this.wake();
  }

  unfollow(jobId: string): void {
    this.followed.delete(this.keys.jobEvents(jobId));
  }

  async close(): Promise<void> {
    this.closed = true;
    this.blocking.disconnect();
    // A read queued while Redis was away is never settled once ioredis is told to disconnect in
    // the middle of a reconnect, so the loop is waited for only as long as one read can block.
    await Promise.race([this.loop, sleep(BLOCK_MS + 500, { unref: true })]);
    if (this.commands.status === 'ready') await this.commands.del(this.wakeKey).catch(() => undefined);
  }

  private async wake(): Promise<void> {
    try {
      await Promise.all([
        this.commands.xadd(this.wakeKey, 'MAXLEN', '~', 100, '*', 'w', '1'),
        this.commands.expire(this.wakeKey, WAKE_TTL_SEC),
      ]);
    } catch (error) {
      // The read returns within BLOCK_MS anyway.
      this.onError(error);
    }
  }

  private async run(): Promise<void> {
    while (!this.closed) {
      const streams = [...this.followed.entries()];
      let reply: Array<[string, Array<[string, string[]]>]> | null;
      try {
        reply = (await this.blocking.xread(
          'COUNT',
          1000,
          'BLOCK',
          BLOCK_MS,
          'STREAMS',
          this.wakeKey,
          ...streams.map(([key]) => key),
          this.wakeLastId,
          ...streams.map(([, s]) => s.lastId),
        )) as Array<[string, Array<[string, string[]]>]> | null;
      } catch (error) {
        if (this.closed) return;
        this.onError(error);
        await sleep(250);
        continue;
      }
      for (const [key, entries] of reply ?? []) {
        if (key === this.wakeKey) {
          this.wakeLastId = entries[entries.length - 1]?.[0] ?? this.wakeLastId;
          continue;
        }
        for (const [id, fields] of entries) {
          const follower = this.followed.get(key);
          if (!follower) break;
          follower.lastId = id;
          const event = parseEntry(fields);
          if (event) follower.listener(event);
        }
      }
    }
  }
}
