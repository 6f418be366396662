/** A private redis-server on a free loopback port, with nothing persisted. */
import { connect } from 'node:net';
import { join } from 'node:path';
import { ManagedProcess } from './managed-process.js';
import { freePort } from './ports.js';
import { tempDir } from './temp-dir.js';
import { waitUntil } from './wait.js';

export interface RedisServer {
  readonly url: string;
  readonly port: number;
  readonly pid: number | undefined;
  stop(): Promise<void>;
  /** SIGKILL, as in a crash. */
  kill(): Promise<void>;
  /** Starts it again on the same port (empty: nothing is persisted). */
  restart(): Promise<void>;
}

export async function startRedis(): Promise<RedisServer> {
  const dir = tempDir('redis');
  const port = await freePort();
  const process_ = new ManagedProcess({
    command: 'redis-server',
    args: [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--dir',
      dir,
      '--protected-mode',
      'yes',
    ],
    logFile: join(dir, 'redis.log'),
  });
  const start = async () => {
    process_.start();
    await waitUntil(`redis-server on port ${port} (log: ${join(dir, 'redis.log')})`, () => ping(port));
  };
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    get pid() {
      return process_.pid;
    },
    stop: () => process_.stop(),
    kill: () => process_.kill(),
    restart: async () => {
      await process_.stop();
      await start();
    },
  };
}

/** PING over a raw socket, so the probe itself never retries or logs. */
export function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.setTimeout(1000);
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => {
      socket.destroy();
      resolve(data.toString().startsWith('+PONG'));
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}
