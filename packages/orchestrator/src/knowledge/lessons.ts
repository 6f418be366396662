/**
 * Learning: when an issue resolves after an action on it ran and its verification held, that is a
 * lesson worth keeping: what the problem was, what the diagnosis said, what fixed it. It goes to
 * the `knowledge` collection (category `lesson`, source `agent`, the issue's id), under an id of
 * the issue and the action, so an issue that resolves again after the same action keeps one.
 * Its text carries the issue's own words (title, host, rule, unit), so the prompt builder's search
 * with the text of the same or a similar issue finds it.
 *
 * What ran is read from the audit log, where every action is traced by its proposal's `ref`
 * (an action that ran at once is never a stored pending action; one that waited is both).
 */
import type { Issue } from '@ai-sysadmin/core';
import type { AuditEntry } from '@ai-sysadmin/executor';

export interface HeldAction {
  /** The proposal's ref (the audit trail's key), or `#<n>` for a numbered action. */
  readonly ref: string;
  readonly actionId?: number;
  readonly hosts: readonly string[];
  readonly argv: readonly string[];
  readonly display: string;
  readonly reason: string;
  readonly checks: readonly string[];
  readonly at: string;
}

/** The actions proposed for this issue that ran cleanly and whose every verification held, latest first. */
export function actionsThatHeld(issue: Issue, audit: readonly AuditEntry[]): HeldAction[] {
  const byRef = new Map<string, AuditEntry[]>();
  for (const e of audit) byRef.set(e.ref, [...(byRef.get(e.ref) ?? []), e]);
  const held: HeldAction[] = [];
  for (const [ref, entries] of byRef) {
    const proposal = entries.find((e) => e.type === 'proposal');
    if (!proposal?.argv || !forIssue(issue, proposal.request, proposal.argv)) continue;
    const runs = entries.filter((e) => e.type === 'execution');
    const checks = entries.filter((e) => e.type === 'verification');
    if (runs.length === 0 || runs.some((r) => r.result.error || r.result.exitCode !== 0)) continue;
    if (checks.length === 0 || checks.some((c) => c.verification.held !== true)) continue;
    held.push({
      ref,
      ...(proposal.actionId !== undefined ? { actionId: proposal.actionId } : {}),
      hosts: proposal.hosts,
      argv: proposal.argv,
      display: proposal.display?.[0] ?? proposal.argv.join(' '),
      reason: proposal.reason ?? '',
      checks: checks.map((c) => `${c.host}: ${c.verification.detail}`),
      at: checks.at(-1)!.at,
    });
  }
  return held.sort((a, b) => b.at.localeCompare(a.at));
}

/**
 * Whether an action was for this issue: its origin names it, or it came from a run about several
 * issues of one host (whose origin is the first; the request's text lists them all as `issue #N`)
 * and its command names this issue's subject (the unit it restarts, the path it cleans).
 */
function forIssue(issue: Issue, request: AuditEntry['request'], argv: readonly string[]): boolean {
  if (!request) return false;
  if (request.issueId === String(issue.id)) return true;
  const listed = new RegExp(`\\bissue #${issue.id}\\b`).test(request.text);
  return listed && issue.subject !== '' && argv.some((a) => a === issue.subject || a.startsWith(`${issue.subject}/`));
}

const nameOf = (a: HeldAction) => (a.actionId !== undefined ? `action #${a.actionId}` : `action ${a.ref.slice(0, 8)}`);

/** How the issue ended, in words: the diagnosis and the action that held. Null when there is neither. */
export function resolutionOf(issue: Issue, audit: readonly AuditEntry[]): string | null {
  const [held] = actionsThatHeld(issue, audit);
  const parts: string[] = [];
  if (issue.diagnosis) parts.push(`diagnosis: ${issue.diagnosis.text}`);
  if (held)
    parts.push(`fixed by \`${held.argv.join(' ')}\` on ${held.hosts.join(', ')} (${nameOf(held)}, verification held)`);
  if (issue.status === 'resolved' && issue.resolvedAt) parts.push(`resolved ${issue.resolvedAt}`);
  return held || issue.diagnosis ? parts.join('; ') : null;
}

export interface Lesson {
  readonly id: string;
  readonly topic: string;
  readonly content: string;
  readonly issueId: number;
}

/** The lesson a resolved issue teaches, or null when no action of it held. */
export function lessonFor(issue: Issue, audit: readonly AuditEntry[]): Lesson | null {
  if (issue.status !== 'resolved') return null;
  const [held] = actionsThatHeld(issue, audit);
  if (!held) return null;
  const what = `${issue.rule}${issue.subject ? ` ${issue.subject}` : ''}`;
  const lines = [
    `Issue #${issue.id} on ${issue.host}: ${issue.title}.`,
    ...(issue.diagnosis ? [`Diagnosis: ${issue.diagnosis.text}`] : []),
    `What fixed it: \`${held.argv.join(' ')}\` on ${held.hosts.join(', ')} (${nameOf(held)}); the check after it held (${held.checks.join('; ')}).`,
    ...(held.reason ? [`Reason given: ${held.reason}`] : []),
    `The issue resolved at ${issue.resolvedAt ?? 'an unknown time'}.`,
  ];
  return {
    id: `lesson-${issue.id}-${held.actionId ?? held.ref}`,
    topic: `${what} on ${issue.host}: ${held.argv.join(' ')} fixed it`,
    content: lines.join('\n'),
    issueId: issue.id,
  };
}
