/**
 * The files a snapshot reads, in two readings SAMPLE_WINDOW_MS apart. The first holds everything
 * the os, cpu, memory, uptime and network parts need (os-release, the kernel's name for itself,
 * /proc counters); on a managed host it is also the command that opens the connection. The second
 * holds only what changes at a rate that matters (CPU time, pages swapped) and each interface's
 * link state. On a managed host each reading is one `grep` over all its files: one round trip.
 */
import { parseNetDev } from '../parsers/proc-files.js';
import type { HostAccess } from '../access/host-access.js';
import { sleep } from '@ai-sysadmin/core';

export const OS_RELEASE_FILES = ['/etc/os-release', '/usr/lib/os-release'] as const;
export const KERNEL_FILES = ['/proc/sys/kernel/osrelease', '/proc/sys/kernel/hostname'] as const;
export const PROC_FILES = [
  '/proc/loadavg',
  '/proc/stat',
  '/proc/meminfo',
  '/proc/vmstat',
  '/proc/uptime',
  '/proc/net/dev',
] as const;
export const FIRST_READING = [...OS_RELEASE_FILES, ...KERNEL_FILES, ...PROC_FILES];
const RATE_FILES = ['/proc/stat', '/proc/vmstat'] as const;

export function operstatePath(iface: string): string {
  return `/sys/class/net/${iface}/operstate`;
}

export interface ProcSample {
  first: Map<string, string>;
  second: Map<string, string>;
  /** Milliseconds between the two readings. */
  elapsedMs: number;
}

export function readFirst(access: HostAccess, timeoutMs: number): Promise<Map<string, string>> {
  return access.readFiles(FIRST_READING, { timeoutMs });
}

export async function takeProcSample(
  access: HostAccess,
  firstReading: Promise<Map<string, string>>,
  windowMs: number,
  timeoutMs: number,
): Promise<ProcSample> {
  const first = await firstReading;
  const firstAt = performance.now();
  await sleep(windowMs);
  const interfaces = parseNetDev(first.get('/proc/net/dev') ?? '').map((i) => operstatePath(i.name));
  const second = await access.readFiles([...RATE_FILES, ...interfaces], { timeoutMs });
  return { first, second, elapsedMs: Math.max(1, performance.now() - firstAt) };
}
