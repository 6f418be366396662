/** Memory and swap: what is available, swap in use, and pages swapped per second over the sampling window. */
import type { MemoryInfo } from '@ai-sysadmin/core';
import { PartUnavailableError } from '../../errors/part-unavailable-error.js';
import { parseMeminfo, parseVmstat } from '../parsers/proc-files.js';
import type { PartOutcome } from '../run-part.js';
import type { PartContext } from './part-context.js';

export async function collectMemory({ access, readings }: PartContext): Promise<PartOutcome<MemoryInfo>> {
  const sample = await readings.sample();
  const meminfoText = sample.first.get('/proc/meminfo');
  if (meminfoText === undefined)
    throw new PartUnavailableError('failed', `${access.host} has no readable /proc/meminfo (not Linux?)`);
  const mem = parseMeminfo(meminfoText);
  const before = parseVmstat(sample.first.get('/proc/vmstat') ?? '');
  const after = parseVmstat(sample.second.get('/proc/vmstat') ?? '');
  const perSec = (a: number, b: number) => Math.round(((b - a) * 1000) / sample.elapsedMs);
  const swapUsed = Math.max(0, mem.swapTotalBytes - mem.swapFreeBytes);
  const pct = (part: number, whole: number) => Math.round((part / whole) * 1000) / 10;
  return {
    data: {
      totalBytes: mem.totalBytes,
      availableBytes: mem.availableBytes,
      usedPct: pct(mem.totalBytes - mem.availableBytes, mem.totalBytes),
      swapTotalBytes: mem.swapTotalBytes,
      swapUsedBytes: swapUsed,
      swapUsedPct: mem.swapTotalBytes > 0 ? pct(swapUsed, mem.swapTotalBytes) : null,
      swapInPagesPerSec: before && after ? perSec(before.pagesIn, after.pagesIn) : null,
      swapOutPagesPerSec: before && after ? perSec(before.pagesOut, after.pagesOut) : null,
    },
    notes: before && after ? [] : ['no pswpin/pswpout counters in /proc/vmstat: swap activity unknown'],
  };
}
