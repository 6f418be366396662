import { mkdirSync, mkdtempSync, rmSync, rmdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Every temp dir of one test run lives under one root named after the run (RIG_RUN_ID, set in
 * vitest.config.ts), and the rig's servers run with their cwd inside it: that is how the global
 * teardown finds whatever a killed test process left behind.
 */
export function rigRunRoot(runId = process.env.RIG_RUN_ID ?? `pid${process.pid}`): string {
  return join(tmpdir(), `ai-sysadmin-rig-${runId}`);
}

const made: string[] = [];
process.on('exit', () => {
  if (process.env.RIG_KEEP_TEMP) return;
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
  try {
    rmdirSync(rigRunRoot()); // only once empty: other test processes of the run may still use it
  } catch {
    // not empty, or gone
  }
});

/** A fresh directory for one server or test, removed when the test process exits. */
export function tempDir(prefix: string): string {
  const root = rigRunRoot();
  mkdirSync(root, { recursive: true });
  const dir = mkdtempSync(join(root, `${prefix}-`));
  made.push(dir);
  return dir;
}
