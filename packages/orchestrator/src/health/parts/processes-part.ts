/**
 * The processes using the most CPU and memory. On this machine systeminformation reads them
 * (from /proc, with CPU shares it measures); on a managed host `ps` does. Only program names are
 * kept: command lines can carry secrets.
 */
import type { ProcessInfo, Processes } from '@ai-sysadmin/core';
import { PartUnavailableError } from '../../errors/part-unavailable-error.js';
import { PS_ARGV, parsePs } from '../parsers/ps.js';
import type { PartOutcome } from '../run-part.js';
import { type PartContext, failIfUnsuccessful, notInstalled, within } from './part-context.js';

export const TOP_PROCESSES = 5;

export async function collectProcesses({ access, run }: PartContext): Promise<PartOutcome<Processes>> {
  const list = access.kind === 'local' ? await localProcesses() : await remoteProcesses(access, run);
  const top = (key: 'cpuPct' | 'memPct') =>
    [...list].sort((a, b) => b[key] - a[key] || a.pid - b.pid).slice(0, TOP_PROCESSES);
  return { data: { total: list.length, topCpu: top('cpuPct'), topMemory: top('memPct') } };
}

async function localProcesses(): Promise<ProcessInfo[]> {
  // Loaded here only: the library is large and only this part of a local check needs it.
  const si = (await import('systeminformation')).default;
  const { list } = await si.processes();
  return list
    .filter((p) => p.pid > 0)
    .map((p) => ({
      pid: p.pid,
      name: p.name,
      user: p.user || null,
      cpuPct: Math.max(0, round(p.cpu)),
      memPct: Math.max(0, round(p.mem)),
      rssBytes: Math.max(0, p.memRss * 1024),
    }));
}

async function remoteProcesses(access: PartContext['access'], run: PartContext['run']): Promise<ProcessInfo[]> {
  const result = await access.run(PS_ARGV, within(run));
  if (notInstalled(result)) throw new PartUnavailableError('failed', `ps is not installed on ${access.host}`);
  failIfUnsuccessful(result, 'ps', access.host);
  return parsePs(result.stdout);
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
