/**
 * Processes from `/proc/<pid>/stat` (proc(5)), figured as procps' `ps -e -o
 * pid=,user=,pcpu=,pmem=,rss=,comm=` figures them, for a host read over sftp where running `ps`
 * would cost a session:
 *
 *   pcpu  CPU time (utime + stime) over the process's life in whole seconds, in tenths of a
 *         percent, cut, as ps prints it
 *   pmem  resident pages over MemTotal, in tenths of a percent, cut, at most 99.9
 *   user  the name /etc/passwd gives the uid that owns /proc/<pid>, else the number
 *   comm  the program name between the first "(" and the last ")" (it may hold both)
 *
 * Like ps, only the program name: never the command line (it can carry secrets).
 */
import type { ProcessInfo } from '@ai-sysadmin/core';

/** USER_HZ: the unit of /proc's tick counts, 100 on every Linux architecture a host runs. */
export const USER_HZ = 100;

export interface ProcTable {
  /** `/proc/<pid>/stat` by pid. */
  stats: ReadonlyMap<number, string>;
  /** uid owning each /proc/<pid>. */
  owners: ReadonlyMap<number, number>;
  /** `/etc/passwd`, for user names ('' where it could not be read). */
  passwd: string;
  uptimeSec: number;
  memTotalKiB: number;
  /** Bytes per page, for the rss field. */
  pageBytes: number;
}

export function processesFromProc(table: ProcTable): ProcessInfo[] {
  const names = userNames(table.passwd);
  const processes: ProcessInfo[] = [];
  for (const [pid, text] of table.stats) {
    const stat = parsePidStat(text);
    if (!stat) continue;
    const uid = table.owners.get(pid);
    const lifeSec = Math.floor(table.uptimeSec - stat.startTicks / USER_HZ);
    const cpuPermille =
      lifeSec > 0 ? Math.floor(Math.floor(((stat.utime + stat.stime) * 1000) / USER_HZ) / lifeSec) : 0;
    const rssBytes = stat.rssPages * table.pageBytes;
    const memPermille =
      table.memTotalKiB > 0 ? Math.min(999, Math.floor(((rssBytes / 1024) * 1000) / table.memTotalKiB)) : 0;
    processes.push({
      pid,
      user: uid === undefined ? null : (names.get(uid) ?? String(uid)),
      cpuPct: cpuPermille / 10,
      memPct: memPermille / 10,
      rssBytes,
      name: stat.comm,
    });
  }
  return processes.sort((a, b) => a.pid - b.pid);
}

interface PidStat {
  comm: string;
  utime: number;
  stime: number;
  startTicks: number;
  rssPages: number;
}

/** `pid (comm) state ppid ...`: utime, stime are fields 14-15, starttime 22, rss 24. */
export function parsePidStat(text: string): PidStat | undefined {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) return undefined;
  const rest = text
    .slice(close + 1)
    .trim()
    .split(/\s+/);
  // rest[0] is field 3 (state).
  const field = (n: number) => Number(rest[n - 3]);
  const values = { utime: field(14), stime: field(15), startTicks: field(22), rssPages: field(24) };
  if (Object.values(values).some((v) => !Number.isFinite(v))) return undefined;
  return { comm: text.slice(open + 1, close), ...values };
}

/**
 * Bytes per page, from one process's resident size told both ways: `VmRSS` in kB in its status
 * and in pages in its stat (the sftp server's own, read together). 4096 when they cannot be read.
 */
export function pageBytesOf(statusText: string | undefined, statText: string | undefined): number {
  const rssKiB = Number(/^VmRSS:\s+(\d+)\s+kB/m.exec(statusText ?? '')?.[1]);
  const pages = statText === undefined ? undefined : parsePidStat(statText)?.rssPages;
  if (!Number.isFinite(rssKiB) || !pages) return 4096;
  // The nearest power of two: the two readings may be a page or two apart.
  return 2 ** Math.round(Math.log2((rssKiB * 1024) / pages));
}

function userNames(passwd: string): Map<number, string> {
  const names = new Map<number, string>();
  for (const line of passwd.split('\n')) {
    const [name, , uid] = line.split(':');
    if (name && uid !== undefined && /^\d+$/.test(uid) && !names.has(Number(uid))) names.set(Number(uid), name);
  }
  return names;
}
