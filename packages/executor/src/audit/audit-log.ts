/**
 * The audit log: `<stateDir>/audit.jsonl`, one JSON object per line, only ever appended to.
 *
 * Each entry is written with a single write() on a file opened for appending and fsynced before
 * the action goes on, so an entry that was reported written survives a crash. A crash in the
 * middle of a write leaves a torn last line: reading skips it (and says so), and the next append
 * starts on a fresh line so the torn fragment never swallows a good entry.
 */
import { closeSync, fstatSync, fsyncSync, ftruncateSync, mkdirSync, openSync, readFileSync, readSync } from 'node:fs';
import { dirname } from 'node:path';
import { writeFullySync } from '@ai-sysadmin/core';
import { AuditWriteError } from '../errors/audit-write-error.js';
import {
  type AuditEntry,
  type AuditEntryInput,
  type AuditEntryOf,
  type AuditEntryType,
  auditEntrySchema,
} from './audit-entry.js';

export interface SkippedLine {
  /** 1-based line number. */
  readonly line: number;
  /** torn: the last line, cut off by a crash; corrupt: a line in the middle that is not an entry. */
  readonly kind: 'torn' | 'corrupt';
  readonly text: string;
}

export interface AuditReadResult {
  readonly entries: AuditEntry[];
  readonly skipped: SkippedLine[];
}

export interface AuditFilter<T extends AuditEntryType = AuditEntryType> {
  readonly actionId?: number;
  readonly ref?: string;
  readonly host?: string;
  readonly type?: T;
  /** Every one of these words appears in the argv (e.g. ['restart', 'nginx']). */
  readonly argvIncludes?: readonly string[];
}

export class AuditLog {
  readonly path: string;
  private readonly now: () => Date;

  constructor(path: string, options: { now?: () => Date } = {}) {
    this.path = path;
    this.now = options.now ?? (() => new Date());
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  }

  /** Appends one entry and fsyncs it; throws AuditWriteError when it could not be made durable. */
  append(input: AuditEntryInput): AuditEntry {
    const entry = { v: 1, at: this.now().toISOString(), ...input } as AuditEntry;
    const line = `${JSON.stringify(entry)}\n`;
    let fd: number | undefined;
    let sizeBefore: number | undefined;
    try {
      fd = openSync(this.path, 'a+', 0o600);
      sizeBefore = fstatSync(fd).size;
      const needsNewline = endsWithoutNewline(fd);
      writeFullySync(fd, needsNewline ? `\n${line}` : line);
      fsyncSync(fd);
    } catch (error) {
      // A disk that filled up half-way through the line: take the half back, so no torn entry stays.
      if (fd !== undefined && sizeBefore !== undefined) truncateQuietly(fd, sizeBefore);
      throw new AuditWriteError(this.path, error);
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
    return entry;
  }

  /** Every complete entry, in order; torn and corrupt lines are skipped and listed. */
  read(): AuditReadResult {
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { entries: [], skipped: [] };
      throw error;
    }
    const lines = text.split('\n');
    const complete = text.endsWith('\n');
    if (complete) lines.pop();
    const entries: AuditEntry[] = [];
    const skipped: SkippedLine[] = [];
    lines.forEach((line, i) => {
      if (line === '') return;
      const isLast = i === lines.length - 1;
      const entry = parseEntry(line);
      if (entry && !(isLast && !complete)) entries.push(entry);
      else skipped.push({ line: i + 1, kind: isLast && !complete ? 'torn' : 'corrupt', text: line.slice(0, 200) });
    });
    return { entries, skipped };
  }

  /** The entries that match every field of the filter; with a `type`, entries of that type. */
  find<T extends AuditEntryType = AuditEntryType>(filter: AuditFilter<T>): AuditEntryOf<T>[] {
    return this.read().entries.filter(
      (e): e is AuditEntryOf<T> =>
        (filter.actionId === undefined || e.actionId === filter.actionId) &&
        (filter.ref === undefined || e.ref === filter.ref) &&
        (filter.type === undefined || e.type === filter.type) &&
        (filter.host === undefined || e.hosts.includes(filter.host) || e.host === filter.host) &&
        (filter.argvIncludes === undefined || filter.argvIncludes.every((w) => e.argv?.includes(w))),
    );
  }
}

function endsWithoutNewline(fd: number): boolean {
  const size = fstatSync(fd).size;
  if (size === 0) return false;
  const last = Buffer.alloc(1);
  readSync(fd, last, 0, 1, size - 1);
  return last[0] !== 0x0a;
}

/** The entry on a line, when it is JSON and fits its type's schema. */
function parseEntry(line: string): AuditEntry | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined; // not JSON: a torn or corrupt line
  }
  const parsed = auditEntrySchema.safeParse(value);
  return parsed.success ? (parsed.data as AuditEntry) : undefined;
}

function truncateQuietly(fd: number, size: number): void {
  try {
    if (fstatSync(fd).size > size) ftruncateSync(fd, size);
  } catch {
    // the entry is refused either way; a torn line left here is skipped by read()
  }
}
