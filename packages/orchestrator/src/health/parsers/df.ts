/**
 * `df -P -k [-T]` (space) and `df -P -i [-T]` (inodes), for a df without --output. POSIX mode keeps one filesystem per line;
 * without it GNU df wraps a long device name onto its own line, which is joined back. The Type
 * column is read when the header has one.
 */
import { ToolOutputError } from '../../errors/tool-output-error.js';
import { visible } from './visible-text.js';

export interface DfRow {
  device: string;
  type: string | null;
  mount: string;
  /** 1K blocks for a space listing, inodes for an inode listing. */
  total: number;
  used: number;
  available: number;
}

export function parseDf(text: string): DfRow[] {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  if (lines.length === 0) return [];
  const header = lines[0]!;
  if (!/^Filesystem\s/.test(header)) throw new ToolOutputError('df', `the first line is not df's header: "${header}"`);
  const hasType = /^Filesystem\s+Type\s/.test(header);
  const rows: DfRow[] = [];
  let pending = '';
  for (const line of lines.slice(1)) {
    const joined = pending ? `${pending} ${line.trim()}` : line;
    const words = joined.trim().split(/\s+/);
    const needed = hasType ? 7 : 6;
    if (words.length < needed) {
      // GNU df without -P puts a long device name alone on a line.
      pending = joined.trim();
      continue;
    }
    pending = '';
    const [device, ...rest] = words as [string, ...string[]];
    const type = hasType ? rest.shift()! : null;
    const [total, used, available, , ...mountWords] = rest;
    const numbers = [total, used, available].map((v) => (v === '-' ? 0 : Number(v)));
    if (numbers.some((n) => !Number.isFinite(n))) {
      throw new ToolOutputError(
        'df',
        `unreadable figures in "${line.trim()}" (was it run with -h? the collector needs -k or -i)`,
      );
    }
    rows.push({
      device,
      type,
      mount: mountWords.join(' '),
      total: numbers[0]!,
      used: numbers[1]!,
      available: numbers[2]!,
    });
  }
  return rows;
}

/** Space and inodes in one listing (GNU df 8.21 and later); the columns in this order. */
export const DF_OUTPUT_FIELDS = [
  'source',
  'fstype',
  'size',
  'used',
  'avail',
  'itotal',
  'iused',
  'iavail',
  'target',
] as const;

export interface DfOutputRow {
  device: string;
  type: string;
  mount: string;
  /** 1K blocks. */
  total: number;
  used: number;
  available: number;
  /** Inodes; 0 total where the filesystem has no inode limit (btrfs, vfat). */
  inodesTotal: number;
  inodesUsed: number;
  inodesAvailable: number;
}

/**
 * `df -k -l --output=<DF_OUTPUT_FIELDS>`. The header is skipped whatever its language; each row
 * is read around its six figures, so a device or mount point holding spaces stays whole.
 */
export function parseDfOutput(text: string): DfOutputRow[] {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  if (lines.length === 0) throw new ToolOutputError('df', 'it printed nothing, not even its header');
  const figure = /^(\d+|-)$/;
  return lines.slice(1).map((line) => {
    const words = line.trim().split(/\s+/);
    // The type is the word before the first run of six figures (a device name may hold spaces).
    const typeAt = words.findIndex(
      (_, i) =>
        i >= 1 && words.slice(i + 1, i + 7).length === 6 && words.slice(i + 1, i + 7).every((w) => figure.test(w)),
    );
    if (typeAt < 1 || words.length < typeAt + 8)
      throw new ToolOutputError('df', `"${visible(line.trim())}" is not a row of ${DF_OUTPUT_FIELDS.join(',')}`);
    const [total, used, available, inodesTotal, inodesUsed, inodesAvailable] = words
      .slice(typeAt + 1, typeAt + 7)
      .map((w) => (w === '-' ? 0 : Number(w))) as [number, number, number, number, number, number];
    return {
      device: words.slice(0, typeAt).join(' '),
      type: words[typeAt]!,
      mount: words.slice(typeAt + 7).join(' '),
      total,
      used,
      available,
      inodesTotal,
      inodesUsed,
      inodesAvailable,
    };
  });
}
