/**
 * journalctl output: `-o json` (one object per line, as systemd.journal-fields(7) names the
 * fields; old versions print `"KEY" : "value"` with spaces, a MESSAGE that is not valid UTF-8
 * arrives as an array of bytes) or the classic short format (`Mar 29 01:07:20 host ident[pid]: text`).
 */
import type { JournalEntry } from '@ai-sysadmin/core';

export interface ParsedJournal {
  entries: JournalEntry[];
  /** Lines that were neither an entry nor journalctl's own remarks (a cut last line, stray text). */
  unreadableLines: number;
}

export function parseJournal(text: string): ParsedJournal {
  const lines = text.split(/\r?\n/);
  const firstContent = lines.find((l) => l.trim() !== '');
  if (firstContent?.trimStart().startsWith('{')) return parseJsonLines(lines);
  return parseShortFormat(lines);
}

function parseJsonLines(lines: string[]): ParsedJournal {
  const entries: JournalEntry[] = [];
  let unreadableLines = 0;
  for (const line of lines) {
    if (line.trim() === '') continue;
    let record: Record<string, unknown>;
    try {
      record = JSON.parse(line) as Record<string, unknown>;
    } catch {
      unreadableLines++;
      continue;
    }
    if (typeof record !== 'object' || record === null) {
      unreadableLines++;
      continue;
    }
    entries.push({
      time: realtime(record.__REALTIME_TIMESTAMP),
      priority: priority(record.PRIORITY),
      source: text(record._SYSTEMD_UNIT) ?? text(record.SYSLOG_IDENTIFIER) ?? text(record._COMM),
      message: text(record.MESSAGE) ?? '',
    });
  }
  return { entries, unreadableLines };
}

/** A field's value as text: strings as they are, byte arrays decoded, anything else absent. */
function text(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && value.every((b) => typeof b === 'number')) {
    return Buffer.from(value as number[]).toString('utf8');
  }
  // A field set several times in one entry comes as an array of values; the first stands for it.
  if (Array.isArray(value) && typeof value[0] === 'string') return value[0];
  return null;
}

function realtime(value: unknown): string | null {
  if (typeof value !== 'string' || !/^\d+$/.test(value)) return null;
  const ms = Number(BigInt(value) / 1000n);
  return Number.isFinite(ms) ? new Date(ms).toISOString() : null;
}

function priority(value: unknown): number | null {
  const n =
    typeof value === 'string' && /^[0-7]$/.test(value) ? Number(value) : typeof value === 'number' ? value : NaN;
  return Number.isInteger(n) && n >= 0 && n <= 7 ? n : null;
}

const SHORT_LINE = /^([A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d) (\S+) ([^:[\s]+)(?:\[\d+\])?: ?(.*)$/;

function parseShortFormat(lines: string[]): ParsedJournal {
  const entries: JournalEntry[] = [];
  let unreadableLines = 0;
  for (const line of lines) {
    if (line.trim() === '' || line.startsWith('-- ')) continue;
    const match = SHORT_LINE.exec(line);
    if (match) {
      // The short format has no year, so no exact time is claimed for it.
      entries.push({ time: null, priority: null, source: match[3]!, message: match[4]! });
    } else if (/^\s/.test(line) && entries.length > 0) {
      entries[entries.length - 1]!.message += `\n${line.trim()}`;
    } else {
      unreadableLines++;
    }
  }
  return { entries, unreadableLines };
}
