/**
 * Journal entries of priority err or worse since the last check. Needs journald, so it follows
 * the systemd part: without systemd there is no journal to read and the part says so.
 */
import type { JournalEntry, JournalInfo, Part, SystemdInfo } from '@ai-sysadmin/core';
import { PartUnavailableError } from '../../errors/part-unavailable-error.js';
import { parseJournal } from '../parsers/journal.js';
import type { PartOutcome } from '../run-part.js';
import { type PartContext, failIfUnsuccessful, notInstalled, within } from './part-context.js';

/** Output kept from journalctl; beyond it the count becomes a lower bound. */
export const JOURNAL_MAX_OUTPUT_BYTES = 8 * 1024 * 1024;
const RECENT_ENTRIES = 10;
const TOP_SOURCES = 5;
const MESSAGE_CHARS = 300;

export interface JournalWindow {
  since: Date;
  /** Why the window starts there, in words ("since the last check at ..."). */
  description: string;
}

export function journalArgv(since: Date): string[] {
  return ['journalctl', '-p', 'err', '--since', `@${Math.floor(since.getTime() / 1000)}`, '-o', 'json', '--no-pager'];
}

export async function collectJournal(
  { access, run }: PartContext,
  window: JournalWindow,
  systemd: Promise<Part<SystemdInfo>>,
): Promise<PartOutcome<JournalInfo>> {
  const systemdPart = await systemd;
  if (systemdPart.status === 'unavailable' && systemdPart.cause === 'absent') {
    throw new PartUnavailableError(
      'absent',
      `journald is not running on ${access.host} (no systemd): there is no journal to read`,
    );
  }
  const result = await access.run(
    journalArgv(window.since),
    within(run, { needsRoot: true, maxOutputBytes: JOURNAL_MAX_OUTPUT_BYTES }),
  );
  if (notInstalled(result)) throw new PartUnavailableError('absent', `journalctl is not installed on ${access.host}`);
  if (/No journal files were found/i.test(result.stderr)) {
    throw new PartUnavailableError('absent', `${access.host} has no journal files (journald keeps no logs there)`);
  }
  failIfUnsuccessful(result, 'journalctl', access.host);
  const { entries, unreadableLines } = parseJournal(result.stdout);
  const notes: string[] = [];
  if (/not seeing messages from other users and the system/i.test(result.stderr)) {
    notes.push(
      'only this user\'s journal was readable: run the check as root, or as a member of "systemd-journal" or "adm", to count system errors',
    );
  }
  const truncated = result.truncated;
  if (truncated)
    notes.push(
      `journalctl printed more than ${JOURNAL_MAX_OUTPUT_BYTES / 1048576} MiB: the error count is a lower bound`,
    );
  else if (unreadableLines > 0) notes.push(`${unreadableLines} journal line(s) could not be read`);
  return {
    data: {
      since: window.since.toISOString(),
      window: window.description,
      errorCount: entries.length,
      truncated,
      topSources: topSources(entries),
      recent: entries.slice(-RECENT_ENTRIES).map((e) => ({ ...e, message: e.message.slice(0, MESSAGE_CHARS) })),
    },
    notes,
  };
}

function topSources(entries: JournalEntry[]): Array<{ source: string; count: number }> {
  const counts = new Map<string, number>();
  for (const e of entries) counts.set(e.source ?? '(unknown)', (counts.get(e.source ?? '(unknown)') ?? 0) + 1);
  return [...counts]
    .map(([source, count]) => ({ source, count }))
    .sort((a, b) => b.count - a.count || a.source.localeCompare(b.source))
    .slice(0, TOP_SOURCES);
}
