/**
 * The processes using the most CPU and memory. On a managed host read over sftp they come from
 * /proc/<pid>/stat (the snapshot's `processes` reading, figured as ps figures them: no command);
 * elsewhere from `ps`. Only program names are kept: command lines can carry secrets.
 */
import type { ProcessInfo, Processes } from '@ai-sysadmin/core';
import { PartUnavailableError } from '../../errors/part-unavailable-error.js';
import { parseMeminfo, parseUptime } from '../parsers/proc-files.js';
import { pageBytesOf, processesFromProc } from '../parsers/proc-pid-stat.js';
import { PS_ARGV, parsePs } from '../parsers/ps.js';
import type { PartOutcome } from '../run-part.js';
import { type PartContext, failIfUnsuccessful, notInstalled } from './part-context.js';
import { type ProcFiles, SELF_FILES } from './snapshot-files.js';

export const TOP_PROCESSES = 5;

export async function collectProcesses({ host, run, files }: PartContext): Promise<PartOutcome<Processes>> {
  const procFiles = await files.processes;
  const fromProc = procFiles ? processesOf(procFiles, await files.first) : undefined;
  const list = fromProc ?? (await runPs(host, run));
  const top = (key: 'cpuPct' | 'memPct') =>
    [...list].sort((a, b) => b[key] - a[key] || a.pid - b.pid).slice(0, TOP_PROCESSES);
  return { data: { total: list.length, topCpu: top('cpuPct'), topMemory: top('memPct') } };
}

/** The /proc reading as ps would list it; undefined where it holds no process (then ps is asked). */
function processesOf({ owners, files }: ProcFiles, first: Map<string, string>): ProcessInfo[] | undefined {
  const uptime = files.get('/proc/uptime');
  const meminfo = first.get('/proc/meminfo');
  if (uptime === undefined || meminfo === undefined) return undefined;
  const stats = new Map<number, string>();
  const pidOwners = new Map<number, number>();
  for (const [name, uid] of owners) {
    const stat = files.get(`/proc/${name}/stat`);
    if (!/^\d+$/.test(name) || stat === undefined) continue;
    stats.set(Number(name), stat);
    pidOwners.set(Number(name), uid);
  }
  if (stats.size === 0) return undefined;
  return processesFromProc({
    stats,
    owners: pidOwners,
    passwd: files.get('/etc/passwd') ?? '',
    uptimeSec: parseUptime(uptime),
    memTotalKiB: parseMeminfo(meminfo).totalBytes / 1024,
    pageBytes: pageBytesOf(files.get(SELF_FILES[0]), files.get(SELF_FILES[1])),
  });
}

async function runPs(host: string, run: PartContext['run']): Promise<ProcessInfo[]> {
  const result = await run.command(PS_ARGV);
  if (notInstalled(result)) throw new PartUnavailableError('failed', `ps is not installed on ${host}`);
  failIfUnsuccessful(result, host);
  return parsePs(result.stdout);
}
