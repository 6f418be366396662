/**
 * Every mounted local filesystem: size, used, available, inodes. Read-only images that are full
 * by design (squashfs snaps, ISO images) and kernel pseudo filesystems are left out, so a
 * finding about a full disk is always about a disk that can fill.
 *
 * On a managed host whose sftp server answers statvfs, the figures are statvfs's of each local
 * mount in /proc/mounts (the snapshot's `disks` reading: no command at all), computed as df
 * computes them; elsewhere, or where statvfs answered for no mount, `df` is run.
 */
import type { Filesystem } from '@ai-sysadmin/core';
import type { CommandResult } from '@ai-sysadmin/executor/runner';
import { PartUnavailableError } from '../../errors/part-unavailable-error.js';
import { DF_OUTPUT_FIELDS, type DfOutputRow, type DfRow, parseDf, parseDfOutput } from '../parsers/df.js';
import type { PartOutcome } from '../run-part.js';
import { type PartContext, failIfUnsuccessful, firstLine, notInstalled } from './part-context.js';
import { IGNORED_TYPES } from '../parsers/proc-mounts.js';
import type { DiskStats } from './snapshot-files.js';

/**
 * Space and inodes in one listing. -k: 1K blocks; -l: local only (a dead NFS mount must not hang
 * the check).
 */
export const DF_ARGV = ['df', '-k', '-l', `--output=${DF_OUTPUT_FIELDS.join(',')}`] as const;
/** Without --output: -P one line per filesystem; -T the type. */
export const DF_SPACE_ARGV = ['df', '-P', '-k', '-T', '-l'] as const;
export const DF_INODES_ARGV = ['df', '-P', '-i', '-T', '-l'] as const;

export async function collectFilesystems({ host, run, files }: PartContext): Promise<PartOutcome<Filesystem[]>> {
  const disks = await files.disks;
  if (disks && disks.stats.size > 0) return { data: filesystemsOf(statvfsRows(disks)) };
  const listing = await run.command(DF_ARGV);
  if (notInstalled(listing)) throw new PartUnavailableError('failed', `df is not installed on ${host}`);
  if (listing.exitCode === 0) return { data: filesystemsOf(parseDfOutput(listing.stdout)) };
  if (!REFUSED_OPTION.test(listing.stderr)) failIfUnsuccessful(listing, host);
  return posixListings(host, run);
}

/** A df without --output (busybox, BSD, coreutils before 8.21): the POSIX space and inode listings, merged by mount. */
async function posixListings(host: string, run: PartContext['run']): Promise<PartOutcome<Filesystem[]>> {
  const [space, inodes] = await Promise.all([runDf(DF_SPACE_ARGV, run), runDf(DF_INODES_ARGV, run)]);
  failIfUnsuccessful(space, host);
  const notes: string[] = [];
  let inodeRows: DfRow[] = [];
  if (inodes.exitCode === 0) inodeRows = parseDf(inodes.stdout);
  else notes.push(`df -i failed (${firstLine(inodes)}): inode figures unknown`);
  const inodesByMount = new Map(inodeRows.map((r) => [r.mount, r]));
  const rows = parseDf(space.stdout).map((row) => {
    const inode = inodesByMount.get(row.mount);
    return {
      ...row,
      inodesTotal: inode?.total ?? 0,
      inodesUsed: inode?.used ?? 0,
      inodesAvailable: inode?.available ?? 0,
    };
  });
  return { data: filesystemsOf(rows), notes };
}

type ListedFilesystem = Omit<DfOutputRow, 'type'> & { type: string | null };

/** statvfs's figures as df lists them, in 1K blocks: used is what is not free, even to root. */
function statvfsRows({ mounts, stats }: DiskStats): ListedFilesystem[] {
  return mounts.flatMap((m) => {
    const s = stats.get(m.mount);
    if (!s) return [];
    const kib = (blocks: number) => (blocks * s.frsize) / 1024;
    return [
      {
        device: m.device,
        type: m.type,
        mount: m.mount,
        total: kib(s.blocks),
        used: kib(s.blocks - s.bfree),
        available: kib(s.bavail),
        inodesTotal: s.files,
        inodesUsed: s.files - s.ffree,
        inodesAvailable: s.ffree,
      },
    ];
  });
}

function filesystemsOf(rows: readonly ListedFilesystem[]): Filesystem[] {
  return rows
    .filter((row) => row.total > 0 && !ignored(row))
    .map((row): Filesystem => {
      // Some filesystems (btrfs, vfat) report no inode limit: 0 total means "none", not "full".
      const hasInodes = row.inodesTotal > 0;
      return {
        mount: row.mount,
        device: row.device,
        type: row.type,
        sizeBytes: row.total * 1024,
        usedBytes: row.used * 1024,
        availableBytes: row.available * 1024,
        usedPct: percentOf(row.used, row.used + row.available),
        inodesTotal: hasInodes ? row.inodesTotal : null,
        inodesUsed: hasInodes ? row.inodesUsed : null,
        inodesUsedPct: hasInodes ? percentOf(row.inodesUsed, row.inodesUsed + row.inodesAvailable) : null,
      };
    });
}

/** df without -T on this host (busybox, BSD): the same listing without the Type column. */
async function runDf(argv: readonly string[], run: PartContext['run']): Promise<CommandResult> {
  const result = await run.command(argv);
  if (result.exitCode !== 0 && !notInstalled(result) && REFUSED_OPTION.test(result.stderr)) {
    return run.command(argv.filter((a) => a !== '-T' && a !== '-l'));
  }
  return result;
}

/** What a df that lacks an option says (GNU: unrecognized, busybox: invalid/unknown, BSD: illegal). */
const REFUSED_OPTION = /invalid|unrecognized|illegal|unknown/i;

function ignored(row: Pick<ListedFilesystem, 'mount' | 'type' | 'device'>): boolean {
  if (/^\/(proc|sys)(\/|$)/.test(row.mount)) return true;
  if (row.type !== null) return IGNORED_TYPES.has(row.type);
  // Without types: snap packages are squashfs images on loop devices, always 100% full.
  return /^\/dev\/loop\d+$/.test(row.device) && row.mount.startsWith('/snap/');
}

/** As df computes Use%: used / (used + available), rounded up, so the reserve for root counts as used. */
function percentOf(used: number, usable: number): number {
  if (usable <= 0) return 0;
  return Math.ceil((used / usable) * 1000) / 10;
}
