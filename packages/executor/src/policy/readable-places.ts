/**
 * Where file readers may read: an allow-list of places, not a list of secrets to avoid. Contents
 * (cat, head, tail, grep, wc) and deep listings (find, ls -R) only in the readable places; the
 * entries of a few top-level directories (ls, stat) in the listable ones. Everything else is
 * refused with the reason and the config option that extends the list. Secret patterns stay a
 * second layer inside these places (`/etc/shadow` is under `/etc`).
 *
 * Under /proc and /sys, which only the kernel fills, entries are named one by one: the harmless
 * ones the tools and a person need. Elsewhere a place covers everything below it.
 */
import { isUnder } from './normalise.js';
import { patternCovers, patternNames } from './path-patterns.js';

/** Kernel file systems: their entries are named one by one and checked as written (see read-guard). */
export const PSEUDO_FS_ROOTS = ['/proc', '/sys'] as const;

const PROC_ENTRIES = [
  'cpuinfo',
  'meminfo',
  'loadavg',
  'stat',
  'uptime',
  'version',
  'vmstat',
  'swaps',
  'mounts',
  'partitions',
  'diskstats',
  'filesystems',
  'modules',
  'mdstat',
  'interrupts',
  'softirqs',
  'buddyinfo',
  'zoneinfo',
  'pressure',
  'cgroups',
  'devices',
  'misc',
  'sys/kernel/hostname',
  'sys/kernel/osrelease',
  'sys/kernel/ostype',
  'sys/kernel/pid_max',
  'sys/kernel/threads-max',
  'sys/kernel/random/entropy_avail',
  'sys/fs/file-nr',
  'sys/fs/file-max',
  'sys/fs/inode-nr',
  'sys/vm',
  'sys/net/core/somaxconn',
  'sys/net/ipv4/ip_forward',
  'sys/net/ipv4/ip_local_port_range',
  'net/dev',
  'net/route',
  'net/ipv6_route',
  'net/snmp',
  'net/snmp6',
  'net/netstat',
  'net/sockstat',
  'net/sockstat6',
  'net/arp',
  'net/if_inet6',
  'self/mountinfo',
  'self/mounts',
  'self/cgroup',
].map((e) => `/proc/${e}`);

const SYS_ENTRIES = [
  'class/net',
  'class/net/*/operstate',
  'class/net/*/carrier',
  'class/net/*/speed',
  'class/net/*/duplex',
  'class/net/*/mtu',
  'class/net/*/address',
  'class/net/*/statistics',
  'class/thermal/thermal_zone*/temp',
  'class/thermal/thermal_zone*/type',
  'class/hwmon',
  'class/hwmon/hwmon*/name',
  'class/hwmon/hwmon*/temp*',
  'class/hwmon/hwmon*/fan*',
  'class/hwmon/hwmon*/power*',
  'class/hwmon/hwmon*/in*',
  'class/drm',
  'class/drm/card*/device/vendor',
  'class/drm/card*/device/device',
  'class/drm/card*/device/gpu_busy_percent',
  'class/drm/card*/device/mem_info_*',
  'class/drm/card*/device/power_dpm_*',
  'class/drm/card*/device/hwmon',
  'class/power_supply',
  'class/power_supply/*/capacity',
  'class/power_supply/*/status',
  'block',
  'block/*/size',
  'block/*/stat',
  'block/*/removable',
  'block/*/queue/rotational',
  'block/*/device/model',
  'fs/cgroup',
  'kernel/mm/transparent_hugepage/enabled',
  'devices/system/cpu/online',
  'devices/system/cpu/cpu*/cpufreq/scaling_cur_freq',
  'class/dmi/id/sys_vendor',
  'class/dmi/id/product_name',
  'class/dmi/id/product_version',
  'class/dmi/id/board_name',
  'class/dmi/id/bios_version',
  'class/dmi/id/bios_date',
].map((e) => `/sys/${e}`);

/** Contents and everything below may be read. */
export const BUILT_IN_READABLE_PATHS: readonly string[] = [
  '/etc',
  '/var/log',
  '/nix/store',
  '/run/current-system',
  '/run/booted-system',
  '/nix/var/nix/profiles',
  // unit files
  '/usr/lib/systemd',
  '/lib/systemd',
  '/run/systemd/system',
  '/run/systemd/transient',
  '/run/systemd/generator',
  '/run/systemd/generator.early',
  '/run/systemd/generator.late',
  '/usr/lib/os-release',
  '/boot/loader/entries',
  ...PROC_ENTRIES,
  ...SYS_ENTRIES,
];

/** Only the directory's own entries (ls without -R) and its own metadata (stat). */
export const BUILT_IN_LISTABLE_DIRS: readonly string[] = [
  '/',
  '/home',
  '/var',
  '/var/lib',
  '/var/cache',
  '/srv',
  '/opt',
  '/mnt',
  '/media',
  '/run',
  '/boot',
  '/nix',
  '/nix/var',
  '/usr',
  '/usr/local',
  '/dev',
  '/tmp',
  '/var/tmp',
];

export interface ReadablePlaceSettings {
  /** Config `policy.readablePaths`. */
  readonly readablePaths?: readonly string[];
  /** Config `policy.listableDirs`. */
  readonly listableDirs?: readonly string[];
  /** Config `configRepo`: the NixOS configuration is readable. */
  readonly configRepo?: string;
}

/**
 * What a file tool does with a path: reads its contents, lists everything below it, or lists
 * only its own entries (or its own metadata).
 */
export type FileAccess = 'content' | 'list-deep' | 'list-shallow';

export function isPseudoFsPath(path: string): boolean {
  return PSEUDO_FS_ROOTS.some((root) => isUnder(path, root));
}

export function readablePatterns(settings: ReadablePlaceSettings): string[] {
  return [
    ...BUILT_IN_READABLE_PATHS,
    ...(settings.configRepo ? [settings.configRepo] : []),
    ...(settings.readablePaths ?? []),
  ];
}

/** Why a file tool may not do `access` to this normalised path, or undefined when it may. */
export function placeProblem(path: string, access: FileAccess, settings: ReadablePlaceSettings): string | undefined {
  const patterns = readablePatterns(settings);
  if (patterns.some((p) => patternCovers(p, path))) return undefined;
  if (access === 'list-shallow') {
    const listable = [...BUILT_IN_LISTABLE_DIRS, ...(settings.listableDirs ?? [])];
    if (listable.some((d) => patternNames(d, path))) return undefined;
  }
  const what = access === 'content' ? 'reading' : 'listing';
  const where = isPseudoFsPath(path)
    ? `${path} is not one of the named ${path.startsWith('/proc') ? '/proc' : '/sys'} entries the tools may read`
    : `${path} is outside the readable places (/etc, /var/log, /nix/store, /run/current-system, unit-file directories, configRepo, ...)`;
  const hint =
    access === 'list-shallow'
      ? 'add it to policy.readablePaths, or the directory to policy.listableDirs'
      : 'add it to policy.readablePaths if it should be';
  return `${what} ${where}; ${hint}`;
}

/**
 * Whether a content read of this resolved path needs a file every local user may read. Outside
 * /var/log (whose logs are often readable by a group only) and the places the site lists
 * itself, the assistant reads, as root, only what anyone on the machine could read: a file
 * its owner kept to itself (mode 600, 640) is treated as a secret, whatever its name.
 */
export function mustBeWorldReadable(path: string, settings: ReadablePlaceSettings): boolean {
  if (isPseudoFsPath(path) || isUnder(path, '/var/log')) return false;
  return !(settings.readablePaths ?? []).some((p) => patternCovers(p, path));
}
