import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/** Tags every process the tests start, so tests/rig/global-setup.ts can end whatever outlives its test. */
process.env.RIG_RUN_ID ??= randomUUID();

const packages = ['core', 'command-patterns', 'executor', 'worker', 'orchestrator', 'cli'];
/** Published subpaths of a package, each with its own src/<subpath>/index.ts. */
const subpaths = [
  ['orchestrator', 'health'],
  ['executor', 'runner'],
  ['executor', 'errors'],
  ['core', 'errors'],
];
/** Published subpaths that are one file (`@ai-sysadmin/core/api-paths` -> src/api/api-paths.ts): what the CLI starts with. */
const fileSubpaths = [
  ['core', 'api-paths', 'api/api-paths.ts'],
  ['core', 'api-enums', 'api/api-enums.ts'],
];

export default defineConfig({
  resolve: {
    // Tests run against the TypeScript sources; the build (npm test runs it first) is what ships.
    // Subpath exports first (`@ai-sysadmin/orchestrator/health` -> src/health/index.ts): an alias
    // also matches longer names that start with it.
    alias: [
      ...fileSubpaths.map(([name, subpath, file]) => ({
        find: `@ai-sysadmin/${name}/${subpath}`,
        replacement: fileURLToPath(new URL(`./packages/${name}/src/${file}`, import.meta.url)),
      })),
      ...subpaths.map(([name, subpath]) => ({
        find: `@ai-sysadmin/${name}/${subpath}`,
        replacement: fileURLToPath(new URL(`./packages/${name}/src/${subpath}/index.ts`, import.meta.url)),
      })),
      ...packages.map((name) => ({
        find: `@ai-sysadmin/${name}`,
        replacement: fileURLToPath(new URL(`./packages/${name}/src/index.ts`, import.meta.url)),
      })),
    ],
  },
  test: {
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/rig/global-setup.ts'],
    env: { RIG_RUN_ID: process.env.RIG_RUN_ID },
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
