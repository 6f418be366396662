/**
 * ChromaDB's own Rust server, from the npm package chromadb-js-bindings-linux-x64-gnu@1.0.1
 * (installed as the alias `chroma-server`: later builds need glibc 2.38+), on a free port with
 * its data in a temp dir.
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { ManagedProcess } from './managed-process.js';
import { freePort } from './ports.js';
import { tempDir } from './temp-dir.js';
import { waitUntil } from './wait.js';

export interface ChromaServer {
  readonly url: string;
  readonly port: number;
  readonly dataDir: string;
  stop(): Promise<void>;
  kill(): Promise<void>;
  /** Starts it again on the same port over the same data. */
  restart(): Promise<void>;
}

const bindingPath = createRequire(import.meta.url).resolve('chroma-server');

export async function startChroma(): Promise<ChromaServer> {
  const dir = tempDir('chroma');
  const dataDir = join(dir, 'data');
  const port = await freePort();
  const code = `require(${JSON.stringify(bindingPath)}).cli(['chroma', 'run', '--path', ${JSON.stringify(dataDir)}, '--host', '127.0.0.1', '--port', '${port}'])`;
  const server = new ManagedProcess({
    command: process.execPath,
    args: ['-e', code],
    logFile: join(dir, 'chroma.log'),
    env: { ...process.env, ANONYMIZED_TELEMETRY: 'False' },
  });
  const url = `http://127.0.0.1:${port}`;
  const start = async () => {
    server.start();
    await waitUntil(
      `chroma on port ${port} (log: ${join(dir, 'chroma.log')})`,
      async () => {
        if (!server.alive) throw new Error(`chroma exited: ${server.log().slice(-500)}`);
        const response = await fetch(`${url}/api/v2/heartbeat`);
        return response.ok;
      },
      60_000,
      100,
    );
  };
  await start();
  return {
    url,
    port,
    dataDir,
    stop: () => server.stop(),
    kill: () => server.kill(),
    restart: async () => {
      await server.stop();
      await start();
    },
  };
}
