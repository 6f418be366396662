/**
 * Every mounted local filesystem: size, used, available, inodes. Read-only images that are full
 * by design (squashfs snaps, ISO images) and kernel pseudo filesystems are left out, so a
 * finding about a full disk is always about a disk that can fill.
 */
import type { Filesystem } from '@ai-sysadmin/core';
import type { CommandResult } from '@ai-sysadmin/executor/runner';
import { PartUnavailableError } from '../../errors/part-unavailable-error.js';
import { type DfRow, parseDf } from '../parsers/df.js';
import type { PartOutcome } from '../run-part.js';
import { type PartContext, failIfUnsuccessful, firstLine, notInstalled, within } from './part-context.js';

/** -P: one line per filesystem; -k: 1K blocks; -T: type; -l: local only (a dead NFS mount must not hang the check). */
export const DF_SPACE_ARGV = ['df', '-P', '-k', '-T', '-l'] as const;
export const DF_INODES_ARGV = ['df', '-P', '-i', '-T', '-l'] as const;

const IGNORED_TYPES = new Set([
  'devtmpfs',
  'squashfs',
  'iso9660',
  'udf',
  'proc',
  'sysfs',
  'devpts',
  'cgroup',
  'cgroup2',
  'autofs',
  'mqueue',
  'debugfs',
  'tracefs',
  'securityfs',
  'pstore',
  'bpf',
  'configfs',
  'fusectl',
  'hugetlbfs',
  'binfmt_misc',
  'efivarfs',
  'nsfs',
  'ramfs',
]);

export async function collectFilesystems({ access, run }: PartContext): Promise<PartOutcome<Filesystem[]>> {
  const [space, inodes] = await Promise.all([runDf(access, DF_SPACE_ARGV, run), runDf(access, DF_INODES_ARGV, run)]);
  if (notInstalled(space)) throw new PartUnavailableError('failed', `df is not installed on ${access.host}`);
  failIfUnsuccessful(space, 'df', access.host);
  const notes: string[] = [];
  let inodeRows: DfRow[] = [];
  if (inodes.exitCode === 0) inodeRows = parseDf(inodes.stdout);
  else notes.push(`df -i failed (${firstLine(inodes)}): inode figures unknown`);
  const inodesByMount = new Map(inodeRows.map((r) => [r.mount, r]));
  const filesystems = parseDf(space.stdout)
    .filter((row) => row.total > 0 && !ignored(row))
    .map((row): Filesystem => {
      const inode = inodesByMount.get(row.mount);
      // Some filesystems (btrfs, vfat) report no inode limit: 0 total means "none", not "full".
      const hasInodes = inode !== undefined && inode.total > 0;
      return {
        mount: row.mount,
        device: row.device,
        type: row.type,
        sizeBytes: row.total * 1024,
        usedBytes: row.used * 1024,
        availableBytes: row.available * 1024,
        usedPct: percentOf(row.used, row.used + row.available),
        inodesTotal: hasInodes ? inode.total : null,
        inodesUsed: hasInodes ? inode.used : null,
        inodesUsedPct: hasInodes ? percentOf(inode.used, inode.used + inode.available) : null,
      };
    });
  return { data: filesystems, notes };
}

/** df without -T on this host (busybox, BSD): the same listing without the Type column. */
async function runDf(
  access: PartContext['access'],
  argv: readonly string[],
  run: PartContext['run'],
): Promise<CommandResult> {
  const result = await access.run(argv, within(run));
  if (result.exitCode !== 0 && !notInstalled(result) && /invalid|unrecognized|illegal|unknown/i.test(result.stderr)) {
    return access.run(
      argv.filter((a) => a !== '-T' && a !== '-l'),
      within(run),
    );
  }
  return result;
}

function ignored(row: DfRow): boolean {
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
