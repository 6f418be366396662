/** Every Redis connection of the queue is made here, with the settings BullMQ needs. */
import { Redis, type RedisOptions } from 'ioredis';

export function redisConnection(url: string, options: RedisOptions = {}): Redis {
  return new Redis(url, {
    // BullMQ's blocking commands must wait across reconnects instead of failing after N tries.
    maxRetriesPerRequest: null,
    // Reconnect forever, at most a second apart: Redis coming back is the normal case.
    retryStrategy: (times) => Math.min(50 * 2 ** times, 1000),
    lazyConnect: false,
    ...options,
  });
}
