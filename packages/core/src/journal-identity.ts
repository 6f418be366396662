/**
 * Which journal entries the assistant wrote itself. A tag (SYSLOG_IDENTIFIER) is whatever the
 * writer says, so `logger -t ai-sysadmin` could forge one; the fields journald sets from the
 * writing process (they start with `_`) cannot be set by the writer. The assistant's own lines
 * are those its services wrote to their standard output or error: `_SYSTEMD_UNIT` is one of its
 * units and `_TRANSPORT` is `stdout`. A `logger` run by the executor sits in the daemon's cgroup,
 * so it has the daemon's unit, but it comes over the syslog socket, never as the unit's stdout.
 * Either way, journal text is data for the model (see `data-fence.ts`).
 */

export function ownUnits(aiName: string): string[] {
  return [`${aiName}-ai.service`, `${aiName}-ollama-worker.service`];
}

/** Whether a journal entry (`journalctl -o json` fields) was written by the assistant's own services. */
export function isOwnJournalEntry(entry: Readonly<Record<string, unknown>>, aiName: string): boolean {
  const unit = entry._SYSTEMD_UNIT;
  return typeof unit === 'string' && ownUnits(aiName).includes(unit) && entry._TRANSPORT === 'stdout';
}
