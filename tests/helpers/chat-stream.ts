/**
 * A chat or ask stream read as it arrives over the daemon's socket: every NDJSON ChatEvent with
 * the time it came, and `close()` to hang up mid-answer as a client that quits would.
 */
import { type ClientRequest, request } from 'node:http';
import type { ChatEvent } from '@ai-sysadmin/core';

export interface TimedEvent {
  readonly event: ChatEvent;
  readonly at: number;
}

export interface ChatStream {
  readonly events: TimedEvent[];
  /** The HTTP status, once the head came. */
  status(): Promise<number>;
  /** Resolves with every event once the stream ended (or was closed). */
  done: Promise<TimedEvent[]>;
  /** Resolves with the first event that matches. */
  until(match: (event: ChatEvent) => boolean): Promise<ChatEvent>;
  close(): void;
}

export function chatStream(socketPath: string, path: string, body: unknown): ChatStream {
  const events: TimedEvent[] = [];
  const waiters: Array<{ match: (e: ChatEvent) => boolean; resolve: (e: ChatEvent) => void }> = [];
  let req: ClientRequest;
  let resolveStatus!: (s: number) => void;
  const statusPromise = new Promise<number>((r) => (resolveStatus = r));
  const done = new Promise<TimedEvent[]>((resolve, reject) => {
    req = request({ socketPath, method: 'POST', path, headers: { 'content-type': 'application/json' } }, (res) => {
      resolveStatus(res.statusCode ?? 0);
      let buffer = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let nl: number;
        while ((nl = buffer.indexOf('\n')) >= 0) {
          const line = buffer.slice(0, nl);
          buffer = buffer.slice(nl + 1);
          if (!line.trim()) continue;
          const event = JSON.parse(line) as ChatEvent;
          events.push({ event, at: performance.now() });
          for (const w of [...waiters])
            if (w.match(event)) {
              waiters.splice(waiters.indexOf(w), 1);
              w.resolve(event);
            }
        }
      });
      res.on('end', () => resolve(events));
      res.on('close', () => resolve(events));
    });
    req.on('error', (error) => (req.destroyed ? resolve(events) : reject(error)));
    req.end(JSON.stringify(body));
  });
  return {
    events,
    status: () => statusPromise,
    done,
    until: (match) => {
      const seen = events.find((e) => match(e.event));
      if (seen) return Promise.resolve(seen.event);
      return new Promise((resolve) => waiters.push({ match, resolve }));
    },
    close: () => req.destroy(),
  };
}
