/**
 * `df -P -k [-T]` (space) and `df -P -i [-T]` (inodes). POSIX mode keeps one filesystem per line;
 * without it GNU df wraps a long device name onto its own line, which is joined back. The Type
 * column is read when the header has one.
 */
import { ToolOutputError } from '../../errors/tool-output-error.js';

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
