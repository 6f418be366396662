/**
 * Learning: when an issue resolves after an action on it ran and its verification held, that is a
 * lesson worth keeping: what the problem was, what the diagnosis said, what fixed it. It goes to
 * the `knowledge` collection (category `lesson`, source `agent`, the issue's id), under an id of
 * the issue and the action, so an issue that resolves again after the same action keeps one.
 * Its text carries the issue's own words (title, host, rule, unit), so the prompt builder's search
 * with the text of the same or a similar issue finds it.
 */
import type { Issue } from '@ai-sysadmin/core';
import type { ActionView } from '@ai-sysadmin/executor';

/** The actions proposed for this issue that ran and whose every verification held, latest first. */
export function actionsThatHeld(issue: Issue, actions: readonly ActionView[]): ActionView[] {
  return actions
    .filter(
      (a) =>
        a.requestedBy.issueId === String(issue.id) &&
        a.status === 'succeeded' &&
        (a.verification ?? []).length > 0 &&
        (a.verification ?? []).every((v) => v.held === true),
    )
    .sort((a, b) => b.id - a.id);
}

/** How the issue ended, in words: the diagnosis and the action that held. Null when nothing held. */
export function resolutionOf(issue: Issue, actions: readonly ActionView[]): string | null {
  const [held] = actionsThatHeld(issue, actions);
  const parts: string[] = [];
  if (issue.diagnosis) parts.push(`diagnosis: ${issue.diagnosis.text}`);
  if (held) parts.push(`fixed by: ${held.display[0] ?? held.argv.join(' ')} (action #${held.id}, verification held)`);
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
export function lessonFor(issue: Issue, actions: readonly ActionView[]): Lesson | null {
  if (issue.status !== 'resolved') return null;
  const [held] = actionsThatHeld(issue, actions);
  if (!held) return null;
  const what = `${issue.rule}${issue.subject ? ` ${issue.subject}` : ''}`;
  const checks = (held.verification ?? []).map((v) => `${v.host}: ${v.detail}`).join('; ');
  const lines = [
    `Issue #${issue.id} on ${issue.host}: ${issue.title}.`,
    ...(issue.diagnosis ? [`Diagnosis: ${issue.diagnosis.text}`] : []),
    `What fixed it: \`${held.argv.join(' ')}\` on ${held.hosts.join(', ')} (action #${held.id}); the check after it held (${checks}).`,
    `Reason given: ${held.reason}`,
    `The issue resolved at ${issue.resolvedAt ?? 'an unknown time'}.`,
  ];
  return {
    id: `lesson-${issue.id}-${held.id}`,
    topic: `${what} on ${issue.host}: ${held.argv.join(' ')} fixed it`,
    content: lines.join('\n'),
    issueId: issue.id,
  };
}
