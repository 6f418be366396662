/**
 * `ps -e -o pid=,user=,pcpu=,pmem=,rss=,comm=`: one process per line, no header. The program name
 * (comm) comes last because it may hold spaces; full command lines are never asked for, since
 * they can carry passwords and tokens.
 */
import type { ProcessInfo } from '@ai-sysadmin/core';

export const PS_ARGV = ['ps', '-e', '-o', 'pid=,user=,pcpu=,pmem=,rss=,comm='] as const;

export function parsePs(text: string): ProcessInfo[] {
  const processes: ProcessInfo[] = [];
  for (const line of text.split('\n')) {
    const match = /^\s*(\d+)\s+(\S+)\s+(\d+(?:[.,]\d+)?)\s+(\d+(?:[.,]\d+)?)\s+(\d+)\s+(.+?)\s*$/.exec(line);
    if (!match) continue;
    const pid = Number(match[1]);
    if (pid <= 0) continue;
    processes.push({
      pid,
      user: match[2]!,
      cpuPct: Number(match[3]!.replace(',', '.')),
      memPct: Number(match[4]!.replace(',', '.')),
      rssBytes: Number(match[5]) * 1024,
      name: match[6]!,
    });
  }
  return processes;
}
