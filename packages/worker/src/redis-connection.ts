/** Every Redis connection of the queue is made here, with the settings BullMQ needs. */
import { Redis, type RedisOptions } from 'ioredis';
import type { Logger } from '@ai-sysadmin/core';

export function redisConnection(url: string, logger: Logger, options: RedisOptions = {}): Redis {
  const settings: RedisOptions = {
    // BullMQ's blocking commands must wait across reconnects instead of failing after N tries.
    maxRetriesPerRequest: null,
    // Reconnect forever, at most a second apart: Redis coming back is the normal case.
    retryStrategy: (times) => Math.min(50 * 2 ** times, 1000),
    ...options,
  };
  const socket = unixSocketAddress(url);
  const client = socket ? new Redis({ ...socket, ...settings }) : new Redis(url, settings);
  // Said once per outage, not once per reconnect attempt.
  let down = false;
  client.on('error', (error: Error) => {
    if (!down)
      logger.warn(
        { err: error.message, connection: options.connectionName },
        `Redis at ${redactUrl(url)} is not reachable; retrying`,
      );
    down = true;
  });
  client.on('ready', () => {
    if (down) logger.info({ connection: options.connectionName }, `connected to Redis at ${redactUrl(url)} again`);
    down = false;
  });
  return client;
}

/**
 * ioredis reads `redis://` and `rediss://` URLs itself; a unix socket in the config schema's form,
 * `unix:///run/redis-ai-sysadmin/redis.sock?db=N`, becomes its `path` and `db` options.
 */
export function unixSocketAddress(url: string): { path: string; db?: number } | undefined {
  if (!url.startsWith('unix:')) return undefined;
  const parsed = new URL(url);
  const db = parsed.searchParams.get('db');
  return { path: decodeURIComponent(parsed.pathname), ...(db === null ? {} : { db: Number(db) }) };
}

/** A password in the URL never reaches a log. */
export function redactUrl(url: string): string {
  return url.replace(/\/\/([^@/]*)@/, '//[redacted]@');
}
