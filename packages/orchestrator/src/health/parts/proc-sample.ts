/**
 * Two readings of the kernel's counters, SAMPLE_WINDOW_MS apart: the first holds everything the
 * cpu, memory, uptime and network parts read; the second only the counters whose rate matters
 * (CPU time, pages swapped). On a managed host each reading is one round trip.
 */
import type { HostAccess } from '../access/host-access.js';

export const PROC_FILES = ['/proc/loadavg', '/proc/stat', '/proc/meminfo', '/proc/vmstat', '/proc/uptime', '/proc/net/dev'] as const;
const RATE_FILES = ['/proc/stat', '/proc/vmstat'] as const;

export interface ProcSample {
  first: Map<string, string>;
  second: Map<string, string>;
  /** Milliseconds between the two readings. */
  elapsedMs: number;
}

export async function takeProcSample(access: HostAccess, windowMs: number, timeoutMs: number): Promise<ProcSample> {
  const first = await access.readFiles(PROC_FILES, { timeoutMs });
  const firstAt = performance.now();
  await new Promise((resolve) => setTimeout(resolve, windowMs));
  const second = await access.readFiles(RATE_FILES, { timeoutMs });
  return { first, second, elapsedMs: Math.max(1, performance.now() - firstAt) };
}
