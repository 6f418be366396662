/** A private redis-server on a free loopback port (or a unix socket in its temp dir), with nothing persisted. */
import { connect } from 'node:net';
import { join } from 'node:path';
import { ManagedProcess } from './managed-process.js';
import { freePort } from './ports.js';
import { tempDir } from './temp-dir.js';
import { waitUntil } from './wait.js';

export interface RedisServer {
  readonly url: string;
  /** 0 when it listens on a unix socket only. */
  readonly port: number;
  readonly pid: number | undefined;
  stop(): Promise<void>;
  /** SIGKILL, as in a crash. */
  kill(): Promise<void>;
  /** Starts it again on the same port (empty: nothing is persisted). */
  restart(): Promise<void>;
}

export interface RedisServerOptions {
  /** Listen only on a unix socket (TCP off), as the NixOS module runs Redis; `url` is then `unix:///...`. */
  unixSocket?: boolean;
}

export async function startRedis(options: RedisServerOptions = {}): Promise<RedisServer> {
  const dir = tempDir('redis');
  const socket = join(dir, 'redis.sock');
  const port = options.unixSocket ? 0 : await freePort();
  const listen = options.unixSocket
    ? ['--port', '0', '--unixsocket', socket, '--unixsocketperm', '700']
    : ['--port', String(port), '--bind', '127.0.0.1'];
  const process_ = new ManagedProcess({
    command: 'redis-server',
    args: [...listen, '--save', '', '--appendonly', 'no', '--dir', dir, '--protected-mode', 'yes'],
    logFile: join(dir, 'redis.log'),
  });
  const where = options.unixSocket ? `socket ${socket}` : `port ${port}`;
  const start = async () => {
    process_.start();
    await waitUntil(`redis-server on ${where} (log: ${join(dir, 'redis.log')})`, () =>
      ping(options.unixSocket ? { path: socket } : { port, host: '127.0.0.1' }),
    );
  };
  await start();
  return {
    url: options.unixSocket ? `unix://${socket}` : `redis://127.0.0.1:${port}`,
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
export function ping(where: { port: number; host: string } | { path: string }): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(where);
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
