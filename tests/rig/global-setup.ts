/**
 * Vitest global teardown: ends every process still running from this run's temp root (the rig
 * starts each server with its cwd there, and sshd, which moves to /, names its config there),
 * even if the test process that started it was killed before it could clean up; then removes
 * the root. Runs of other checkouts have other roots. (Not by environment: redis-server and sshd
 * overwrite theirs with their process titles.)
 */
import { readFileSync, readdirSync, readlinkSync, rmSync } from 'node:fs';
import { rigRunRoot } from './temp-dir.js';

export function teardown(): void {
  if (!process.env.RIG_RUN_ID) return;
  const root = rigRunRoot(process.env.RIG_RUN_ID);
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    try {
      const ours =
        readlinkSync(`/proc/${pid}/cwd`).startsWith(root) ||
        readFileSync(`/proc/${pid}/cmdline`, 'latin1').includes(root);
      if (ours) process.kill(pid, 'SIGKILL');
    } catch {
      // gone, or not ours to look at
    }
  }
  if (!process.env.RIG_KEEP_TEMP) rmSync(root, { recursive: true, force: true });
}
