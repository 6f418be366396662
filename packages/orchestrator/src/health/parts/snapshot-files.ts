/**
 * Every file a snapshot reads, read once for all parts through one reader: on a managed host
 * that is one sftp session (the first thing a check opens, so it is also what opens the
 * connection), closed once the last reading is in.
 *
 *   first     os-release, the kernel's name for itself, /proc counters (os, cpu, memory, uptime,
 *             network)
 *   sample    SAMPLE_WINDOW_MS later, what changes at a rate that matters (CPU time, pages
 *             swapped) and each interface's link state
 *   amdSysfs  each AMD card's files under /sys/class/drm (the GPU part, where rocm-smi is missing)
 *   nix       whether /nix/store exists, the system profile's link, whether a nix-gc unit exists
 *   disks     statvfs of each local mount point in /proc/mounts, where the reader can ask it (sftp
 *             with OpenSSH's statvfs extension); null elsewhere, and the filesystems part runs df.
 *             Asked last: a mount that hangs holds up no other reading of the session.
 *
 * A reading that is not in within the reader's time is a timeout of the parts that need it.
 */
import { NIX_STORE_DIR, sleep } from '@ai-sysadmin/core';
import { PartUnavailableError } from '../../errors/part-unavailable-error.js';
import type { FileReader, HostAccess } from '../access/host-access.js';
import type { FsStats } from '@ai-sysadmin/executor/runner';
import { type Mount, localMounts, parseProcMounts } from '../parsers/proc-mounts.js';
import { AMD_DEVICE_FILES, AMD_HWMON_FILES, AMD_PCI_VENDOR, DRM_ROOT, drmCards } from '../parsers/amd-sysfs.js';
import { parseNetDev } from '../parsers/proc-files.js';
import { formatSeconds } from '../run-part.js';

export const OS_RELEASE_FILES = ['/etc/os-release', '/usr/lib/os-release'] as const;
export const KERNEL_FILES = ['/proc/sys/kernel/osrelease', '/proc/sys/kernel/hostname'] as const;
export const PROC_FILES = [
  '/proc/loadavg',
  '/proc/stat',
  '/proc/meminfo',
  '/proc/vmstat',
  '/proc/uptime',
  '/proc/net/dev',
  '/proc/mounts',
] as const;
export const FIRST_READING = [...OS_RELEASE_FILES, ...KERNEL_FILES, ...PROC_FILES];
const RATE_FILES = ['/proc/stat', '/proc/vmstat'] as const;

/** The current system generation's link on NixOS (`system-123-link`). */
export const NIX_SYSTEM_PROFILE = '/nix/var/nix/profiles/system';
/** Where a nix-gc unit would be: NixOS puts its units under /etc/systemd/system. */
export const NIX_GC_UNIT_FILES = [
  '/etc/systemd/system/nix-gc.service',
  '/usr/lib/systemd/system/nix-gc.service',
  '/lib/systemd/system/nix-gc.service',
] as const;

export function operstatePath(iface: string): string {
  return `/sys/class/net/${iface}/operstate`;
}

export interface ProcSample {
  first: Map<string, string>;
  second: Map<string, string>;
  /** Milliseconds between the two readings. */
  elapsedMs: number;
}

export interface NixFiles {
  store: boolean;
  /** Where the system profile points, or null (not NixOS). */
  systemLink: string | null;
  /** A nix-gc unit exists, so systemctl can say when it last ran. */
  gcUnit: boolean;
}

/** The local mounts and what statvfs said of each (those it could not stat are left out). */
export interface DiskStats {
  mounts: Mount[];
  stats: Map<string, FsStats>;
}

export interface SnapshotFiles {
  first: Promise<Map<string, string>>;
  disks: Promise<DiskStats | null>;
  /**
   * Settles when the statvfs requests go out, or once it is known none will (a reader without
   * statvfs, a reading that failed): the filesystems part's budget counts from then, so the time
   * its requests wait behind the other readings of the session is not held against it.
   */
  disksAsked: Promise<void>;
  sample: Promise<ProcSample>;
  amdSysfs: Promise<Map<string, string>>;
  nix: Promise<NixFiles>;
  /** Settles once the reader is closed. */
  done: Promise<void>;
}

export interface SnapshotFilesOptions {
  /** For the whole reading: opening the reader (on a managed host, the connection) and every read. */
  timeoutMs: number;
  windowMs: number;
  signal?: AbortSignal;
}

export function readSnapshotFiles(access: HostAccess, options: SnapshotFilesOptions): SnapshotFiles {
  let timedOut = false;
  const opening = access.openFiles({
    timeoutMs: options.timeoutMs,
    ...(options.signal ? { signal: options.signal } : {}),
  });
  // Past its time, or when the check stops, the reader is closed and what is pending fails,
  // even a reader that never opened.
  let stopped!: (error: Error) => void;
  const stopping = new Promise<never>((_, reject) => (stopped = reject));
  stopping.catch(() => {});
  const opened = Promise.race([opening, stopping]);
  const stop = () => {
    stopped(new Error('stopped'));
    void opening.then((reader) => reader.close()).catch(() => {});
  };
  const timer = setTimeout(() => {
    timedOut = true;
    stop();
  }, options.timeoutMs);
  options.signal?.addEventListener('abort', stop, { once: true });

  const reading = <T>(what: string, read: (reader: FileReader) => Promise<T>): Promise<T> =>
    opened
      .then((reader) => Promise.race([read(reader), stopping]))
      .catch((error: unknown) => {
        if (!timedOut) throw error;
        throw new PartUnavailableError(
          'timeout',
          `reading ${what} on ${access.host} did not finish within ${formatSeconds(options.timeoutMs)}`,
        );
      });

  const first = reading('/proc and /etc/os-release', (reader) => reader.readFiles(FIRST_READING));
  const sample = first.then(async (firstFiles) => {
    const firstAt = performance.now();
    await sleep(options.windowMs);
    const interfaces = parseNetDev(firstFiles.get('/proc/net/dev') ?? '').map((i) => operstatePath(i.name));
    const second = await reading('/proc/stat and /proc/vmstat again', (reader) =>
      reader.readFiles([...RATE_FILES, ...interfaces]),
    );
    return { first: firstFiles, second, elapsedMs: Math.max(1, performance.now() - firstAt) };
  });
  const amdSysfs = first.then(() => reading('/sys/class/drm', readAmdSysfs));
  const nix = first.then(() => reading(NIX_STORE_DIR, readNixFiles));
  // A reader that cannot ask statvfs answers null at once: df need not wait.
  let asked!: () => void;
  const disksAsked = new Promise<void>((resolve) => (asked = resolve));
  const disks = reading('the mounted filesystems (statvfs)', async (reader) => {
    if (!reader.statFs) return null;
    await Promise.allSettled([sample, amdSysfs, nix]);
    return readDisks(reader, await first, asked);
  }).finally(() => asked());
  const done = Promise.allSettled([sample, amdSysfs, nix, disks]).then(async () => {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', stop);
    // A reader that is still opening is closed once it opens; nobody waits for that.
    await opened.then((reader) => reader.close()).catch(() => void opening.then((r) => r.close()).catch(() => {}));
  });
  // Each reading is reported by the parts that need it, never as an unhandled rejection here.
  for (const promise of [first, sample, amdSysfs, nix, disks]) promise.catch(() => {});
  return { first, sample, amdSysfs, nix, disks, disksAsked, done };
}

/** /sys/class/drm/card<N>/device/ of every AMD card: the device files, then its hwmon directory's. */
async function readAmdSysfs(reader: FileReader): Promise<Map<string, string>> {
  const cards = drmCards((await reader.listDir(DRM_ROOT)) ?? []);
  if (cards.length === 0) return new Map();
  const files = await reader.readFiles(
    cards.flatMap((card) => AMD_DEVICE_FILES.map((f) => `${DRM_ROOT}/${card}/device/${f}`)),
  );
  const amdCards = cards.filter(
    (card) => files.get(`${DRM_ROOT}/${card}/device/vendor`)?.trim().toLowerCase() === AMD_PCI_VENDOR,
  );
  const hwmonDirs = await Promise.all(
    amdCards.map(async (card) => {
      const dir = `${DRM_ROOT}/${card}/device/hwmon`;
      const names = (await reader.listDir(dir)) ?? [];
      return names.filter((n) => /^hwmon\d+$/.test(n)).map((n) => `${dir}/${n}`);
    }),
  );
  const hwmonPaths = hwmonDirs.flat().flatMap((dir) => AMD_HWMON_FILES.map((f) => `${dir}/${f}`));
  if (hwmonPaths.length) for (const [path, text] of await reader.readFiles(hwmonPaths)) files.set(path, text);
  return files;
}

async function readDisks(
  reader: FileReader,
  firstFiles: Map<string, string>,
  asked: () => void,
): Promise<DiskStats | null> {
  const mountsText = firstFiles.get('/proc/mounts');
  if (mountsText === undefined) return null;
  const mounts = localMounts(parseProcMounts(mountsText));
  const statting = reader.statFs!(mounts.map((m) => m.mount));
  asked();
  const stats = await statting;
  return stats === null ? null : { mounts, stats };
}

async function readNixFiles(reader: FileReader): Promise<NixFiles> {
  const listing = await reader.listDir('/nix');
  if (!listing?.includes('store')) return { store: false, systemLink: null, gcUnit: false };
  const [systemLink, units] = await Promise.all([
    reader.readLink(NIX_SYSTEM_PROFILE),
    reader.readFiles(NIX_GC_UNIT_FILES),
  ]);
  return { store: true, systemLink, gcUnit: units.size > 0 };
}
