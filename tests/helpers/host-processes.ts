/**
 * Processes a stand-in started on a rig host (the host is this machine): a stand-in that hangs
 * records its own PID and its child's, so a test can see whether anything was left running.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StandInSpec } from '../rig/index.js';

/** A tool that hangs: it writes its PID and its child's (a `sleep`) to `<dir>/<name>.pids`, then waits. */
export function hangingStandIn(dir: string, name: string): StandInSpec {
  const pids = join(dir, `${name}.pids`);
  return { script: `echo $$ >> '${pids}'\nsleep 60 &\necho $! >> '${pids}'\nwait` };
}

/** The PIDs the hanging stand-in wrote, oldest first. */
export function hangingPids(dir: string, name: string): number[] {
  try {
    return readFileSync(join(dir, `${name}.pids`), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
}

/** Whether the process still runs (a zombie waiting to be reaped has ended). */
export function running(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}
