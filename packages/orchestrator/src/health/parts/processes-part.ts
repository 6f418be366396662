/**
 * The processes using the most CPU and memory, from `ps` on this machine and on managed hosts
 * alike. Only program names are kept: command lines can carry secrets.
 */
import type { Processes } from '@ai-sysadmin/core';
import { PartUnavailableError } from '../../errors/part-unavailable-error.js';
import { PS_ARGV, parsePs } from '../parsers/ps.js';
import type { PartOutcome } from '../run-part.js';
import { type PartContext, failIfUnsuccessful, notInstalled } from './part-context.js';

export const TOP_PROCESSES = 5;

export async function collectProcesses({ host, run }: PartContext): Promise<PartOutcome<Processes>> {
  const result = await run.command(PS_ARGV);
  if (notInstalled(result)) throw new PartUnavailableError('failed', `ps is not installed on ${host}`);
  failIfUnsuccessful(result, host);
  const list = parsePs(result.stdout);
  const top = (key: 'cpuPct' | 'memPct') =>
    [...list].sort((a, b) => b[key] - a[key] || a.pid - b.pid).slice(0, TOP_PROCESSES);
  return { data: { total: list.length, topCpu: top('cpuPct'), topMemory: top('memPct') } };
}
