/**
 * `check` stays light: running it loads none of the daemon's heavy clients (queue, Redis, vector
 * store, Ollama, HTTP), whatever other parts of the orchestrator add to the package later.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, it } from 'vitest';
import { tempDir } from '../rig/index.js';

const bin = join(import.meta.dirname, '../../packages/cli/dist/bin.js');

it('loads no queue, Redis, vector-store, Ollama or HTTP client module', () => {
  const dir = tempDir('import-graph');
  const log = join(dir, 'loaded.txt');
  const hooks = join(dir, 'hooks.mjs');
  writeFileSync(
    hooks,
    `import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  appendFileSync(${JSON.stringify(log)}, resolved.url + '\\n');
  return resolved;
}
`,
  );
  const register = join(dir, 'register.mjs');
  writeFileSync(
    register,
    `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(hooks).href)});\n`,
  );
  const result = spawnSync(
    process.execPath,
    ['--import', pathToFileURL(register).href, bin, 'check', '--json', '--no-llm-probe'],
    {
      encoding: 'utf8',
      env: {
        ...process.env,
        AI_SYSADMIN_CONFIG: '',
        AI_SYSADMIN_STATE_DIR: join(dir, 'state'),
        // This machine's load is that of every test running beside this one.
        AI_SYSADMIN_THRESHOLDS__LOAD_PER_CORE__WARN: '1000',
        AI_SYSADMIN_THRESHOLDS__LOAD_PER_CORE__CRITICAL: '2000',
      },
    },
  );
  expect([0, 1]).toContain(result.status);
  const loaded = readFileSync(log, 'utf8').split('\n').filter(Boolean);
  // The check itself was loaded through this hook, so an empty list would prove nothing.
  expect(loaded.some((url) => url.includes('/packages/orchestrator/dist/health/'))).toBe(true);
  const heavy = loaded.filter((url) =>
    /\/node_modules\/(bullmq|ioredis|chromadb|ollama|got|undici|systeminformation)\/|\/packages\/worker\//.test(url),
  );
  expect(heavy).toEqual([]);
});
