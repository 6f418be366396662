/** CPU: cores, busy share overall and per core over the sampling window, load averages. */
import type { CpuInfo } from '@ai-sysadmin/core';
import { PartUnavailableError } from '../../errors/part-unavailable-error.js';
import { busyPct, parseLoadavg, parseProcStat } from '../parsers/proc-files.js';
import type { PartOutcome } from '../run-part.js';
import type { PartContext } from './part-context.js';

export async function collectCpu({ access, readings }: PartContext): Promise<PartOutcome<CpuInfo>> {
  const sample = await readings.sample();
  const loadavg = sample.first.get('/proc/loadavg');
  const statBefore = sample.first.get('/proc/stat');
  if (loadavg === undefined || statBefore === undefined) {
    throw new PartUnavailableError('failed', `${access.host} has no readable /proc/loadavg or /proc/stat (not Linux?)`);
  }
  const before = parseProcStat(statBefore);
  const statAfter = sample.second.get('/proc/stat');
  const after = statAfter === undefined ? undefined : parseProcStat(statAfter);
  const round = (v: number | null) => (v === null ? null : Math.round(v * 10) / 10);
  const perCore = after
    ? before.cores.map((core, i) => round(after.cores[i] ? busyPct(core, after.cores[i]!) : null))
    : [];
  return {
    data: {
      cores: before.cores.length,
      usagePct: after ? round(busyPct(before.all, after.all)) : null,
      perCorePct: perCore.filter((v): v is number => v !== null),
      loadAverage: parseLoadavg(loadavg),
      sampleMs: Math.round(sample.elapsedMs),
    },
    notes: after ? [] : ['the second /proc/stat reading failed: no CPU usage figure'],
  };
}
