/**
 * The /proc files behind the CPU, memory, swap, network and uptime figures (proc(5)). The same
 * parsers serve this machine and every managed host, so local and remote snapshots agree.
 */
import { ToolOutputError } from '../../errors/tool-output-error.js';

export interface LoadAverage {
  one: number;
  five: number;
  fifteen: number;
}

/** `/proc/loadavg`: `0.21 0.37 0.39 1/719 19737`. */
export function parseLoadavg(text: string): LoadAverage {
  const match = /^\s*(\d+(?:\.\d+)?)\s+(\d+(?:\.\d+)?)\s+(\d+(?:\.\d+)?)/.exec(text);
  if (!match) throw new ToolOutputError('/proc/loadavg', 'no three load averages at its start');
  return { one: Number(match[1]), five: Number(match[2]), fifteen: Number(match[3]) };
}

/** Jiffies of one CPU line of /proc/stat: how many were busy out of how many in all. */
export interface CpuTimes {
  busy: number;
  total: number;
}

export interface ProcStat {
  all: CpuTimes;
  cores: CpuTimes[];
}

/** `/proc/stat` cpu lines: user nice system idle iowait irq softirq steal (guest is inside user). */
export function parseProcStat(text: string): ProcStat {
  let all: CpuTimes | undefined;
  const cores: CpuTimes[] = [];
  for (const line of text.split('\n')) {
    const match = /^cpu(\d*)\s+(.*)$/.exec(line);
    if (!match) continue;
    const fields = match[2]!.trim().split(/\s+/).map(Number);
    if (fields.length < 4 || fields.some((n) => !Number.isFinite(n))) {
      throw new ToolOutputError('/proc/stat', `a cpu line has unreadable counters: "${line}"`);
    }
    const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = fields;
    const idleAll = idle + iowait;
    const busy = user + nice + system + irq + softirq + steal;
    const times = { busy, total: busy + idleAll };
    if (match[1] === '') all = times;
    else cores.push(times);
  }
  if (!all) throw new ToolOutputError('/proc/stat', 'no aggregate "cpu" line');
  return { all, cores };
}

/** Busy share between two samples, 0-100; null when no time passed. */
export function busyPct(before: CpuTimes, after: CpuTimes): number | null {
  const total = after.total - before.total;
  if (total <= 0) return null;
  return Math.min(100, Math.max(0, ((after.busy - before.busy) / total) * 100));
}

export interface Meminfo {
  totalBytes: number;
  availableBytes: number;
  swapTotalBytes: number;
  swapFreeBytes: number;
}

/** `/proc/meminfo` (`MemTotal:  3742148 kB`). Kernels before 3.14 have no MemAvailable: free + buffers + cached stands in. */
export function parseMeminfo(text: string): Meminfo {
  const kb = new Map<string, number>();
  for (const line of text.split('\n')) {
    const match = /^([A-Za-z0-9_()]+):\s+(\d+)(?:\s+kB)?\s*$/.exec(line);
    if (match) kb.set(match[1]!, Number(match[2]));
  }
  const total = kb.get('MemTotal');
  if (total === undefined) throw new ToolOutputError('/proc/meminfo', 'no MemTotal line');
  const available =
    kb.get('MemAvailable') ?? (kb.get('MemFree') ?? 0) + (kb.get('Buffers') ?? 0) + (kb.get('Cached') ?? 0);
  return {
    totalBytes: total * 1024,
    availableBytes: Math.min(available, total) * 1024,
    swapTotalBytes: (kb.get('SwapTotal') ?? 0) * 1024,
    swapFreeBytes: (kb.get('SwapFree') ?? 0) * 1024,
  };
}

export interface SwapCounters {
  pagesIn: number;
  pagesOut: number;
}

/** `/proc/vmstat` pswpin / pswpout: pages swapped in and out since boot. */
export function parseVmstat(text: string): SwapCounters | null {
  const pagesIn = /^pswpin (\d+)$/m.exec(text);
  const pagesOut = /^pswpout (\d+)$/m.exec(text);
  if (!pagesIn || !pagesOut) return null;
  return { pagesIn: Number(pagesIn[1]), pagesOut: Number(pagesOut[1]) };
}

/** `/proc/uptime`: seconds since boot, then idle seconds. */
export function parseUptime(text: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)/.exec(text);
  if (!match) throw new ToolOutputError('/proc/uptime', 'no seconds at its start');
  return Number(match[1]);
}

export interface NetDevCounters {
  name: string;
  rxBytes: number;
  rxErrors: number;
  rxDropped: number;
  txBytes: number;
  txErrors: number;
  txDropped: number;
}

/** `/proc/net/dev`: two header lines, then `iface: rx bytes packets errs drop fifo frame compressed multicast tx bytes packets errs drop ...`. */
export function parseNetDev(text: string): NetDevCounters[] {
  const interfaces: NetDevCounters[] = [];
  for (const line of text.split('\n')) {
    const match = /^\s*([^\s:]+):\s*(.*)$/.exec(line);
    if (!match) continue;
    const n = match[2]!.trim().split(/\s+/).map(Number);
    if (n.length < 16 || n.some((v) => !Number.isFinite(v))) continue;
    interfaces.push({
      name: match[1]!,
      rxBytes: n[0]!,
      rxErrors: n[2]!,
      rxDropped: n[3]!,
      txBytes: n[8]!,
      txErrors: n[10]!,
      txDropped: n[11]!,
    });
  }
  return interfaces;
}
