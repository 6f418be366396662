/**
 * What to tell a person after a cycle (or an Alertmanager batch), and how: one message when an
 * issue opens at or above `notifications.minSeverity`, one when it escalates, a reminder after
 * its severity's cooldown while it stays open, one when it resolves (if it was announced), and
 * what remediation did. Everything about one host in one batch goes out as one message, so a
 * host going down, or twenty findings on a first check, is one message, not twenty.
 *
 * A rule can ask for more than one check in a row before its message (`CHECKS_BEFORE_MESSAGE`,
 * beside the rules): a part the check could not read (`part-failed`: a timeout, output it could
 * not parse) is announced once a second check sees it too, since one slow reading on a busy host
 * is not worth a phone alert and one that stays is. The check's own report says it at once.
 *
 * Priorities (Gotify's scale): 8 critical, 5 attention (warnings, actions taken or awaiting
 * approval), 2 info (resolved). The text is the daemon's own Markdown; every string from outside
 * (finding summaries carry unit descriptions and mount names, alerts carry annotations) is escaped.
 */
import type { Config, Issue, Severity } from '@ai-sysadmin/core';
import { checksBeforeMessage } from '../health/findings/evaluate-findings.js';
import { type IssueChange, SEVERITY_RANK } from '../issues/issue-tracker.js';
import { escapeMarkdown } from './markdown.js';
import { PRIORITY } from './notifier.js';
import type { MessageDraft } from './outbox.js';

/** A line about remediation, written by the remediation step in the daemon's own Markdown. */
export interface RemediationNote {
  readonly issueId: number;
  readonly host: string;
  readonly priority: number;
  readonly headline: string;
  readonly markdown: string;
}

export interface MessagePlanInput {
  readonly aiName: string;
  readonly notifications: Config['notifications'];
  readonly changes: readonly IssueChange[];
  readonly remediation?: readonly RemediationNote[];
  /** Every open issue, for reminders. */
  readonly active: readonly Issue[];
  readonly now: Date;
}

export interface MessagePlan {
  readonly drafts: MessageDraft[];
  /** Issues a message now speaks of. */
  readonly notified: number[];
}

type ItemKind = 'new' | 'escalated' | 'reminder' | 'resolved' | 'remediation';

interface Item {
  readonly kind: ItemKind;
  readonly issueId: number;
  readonly priority: number;
  readonly headline: string;
  readonly line: string;
}

const SEVERITY_PRIORITY: Record<Severity, number> = {
  critical: PRIORITY.critical,
  warning: PRIORITY.attention,
  info: PRIORITY.info,
};
const LABEL: Record<Severity, string> = { critical: '**CRITICAL**', warning: '**warning**', info: 'info' };

export function planMessages(input: MessagePlanInput): MessagePlan {
  const min = SEVERITY_RANK[input.notifications.minSeverity];
  const loud = (s: Severity) => SEVERITY_RANK[s] >= min;
  const items = new Map<string, Item[]>();
  const add = (host: string, item: Item) => items.set(host, [...(items.get(host) ?? []), item]);
  const spoken = new Set<number>();

  for (const change of input.changes) {
    const issue = change.issue;
    const checksNeeded = checksBeforeMessage(issue.rule);
    const waitsForConfirmation = issue.occurrences < checksNeeded;
    const confirmedNow =
      change.kind === 'seen' &&
      checksNeeded > 1 &&
      issue.occurrences >= checksNeeded &&
      issue.notifications.severity === null;
    if (
      ((change.kind === 'opened' || change.kind === 'reopened' || change.kind === 'escalated') &&
        !waitsForConfirmation &&
        loud(issue.severity)) ||
      (confirmedNow && loud(issue.severity))
    ) {
      const isNew = change.kind !== 'escalated' || issue.notifications.severity === null;
      const verb = change.kind === 'reopened' ? 'back' : isNew ? 'new' : `worse (was ${change.from})`;
      add(issue.host, {
        kind: isNew ? 'new' : 'escalated',
        issueId: issue.id,
        priority: SEVERITY_PRIORITY[issue.severity],
        headline: escapeMarkdown(issue.title),
        line: `${LABEL[issue.severity]} ${verb}: ${issueLine(issue)}`,
      });
      spoken.add(issue.id);
    } else if (change.kind === 'resolved' && issue.notifications.severity !== null) {
      add(issue.host, {
        kind: 'resolved',
        issueId: issue.id,
        priority: PRIORITY.info,
        headline: `resolved: ${escapeMarkdown(issue.title)}`,
        line: `resolved: ${issueLine(issue)}`,
      });
      spoken.add(issue.id);
    }
  }

  for (const note of input.remediation ?? []) {
    add(note.host, {
      kind: 'remediation',
      issueId: note.issueId,
      priority: note.priority,
      headline: note.headline,
      line: note.markdown,
    });
    spoken.add(note.issueId);
  }

  for (const issue of input.active) {
    if (
      spoken.has(issue.id) ||
      !loud(issue.severity) ||
      issue.notifications.severity === null ||
      !issue.notifications.lastAt
    )
      continue;
    const cooldownMin = input.notifications.cooldownMinutes[issue.severity];
    if (cooldownMin <= 0) continue;
    if (input.now.getTime() - Date.parse(issue.notifications.lastAt) < cooldownMin * 60_000) continue;
    add(issue.host, {
      kind: 'reminder',
      issueId: issue.id,
      priority: SEVERITY_PRIORITY[issue.severity],
      headline: `still open: ${escapeMarkdown(issue.title)}`,
      line: `${LABEL[issue.severity]} still open since ${issue.firstSeen}: ${issueLine(issue)}`,
    });
    spoken.add(issue.id);
  }

  const drafts: MessageDraft[] = [];
  for (const [host, hostItems] of items) {
    const priority = Math.max(...hostItems.map((i) => i.priority));
    const oneIssue = new Set(hostItems.map((i) => i.issueId)).size === 1;
    const headline = hostItems.length === 1 || oneIssue ? hostItems[0]!.headline : summarize(hostItems);
    drafts.push({
      title: `${input.aiName}: ${host}: ${unescape(headline)}`.slice(0, 250),
      message: hostItems.map((i) => `- ${i.line}`).join('\n'),
      priority,
      markdown: true,
      host,
      kind: hostItems.every((i) => i.kind === 'remediation') ? 'remediation' : 'issues',
      issueIds: [...new Set(hostItems.map((i) => i.issueId))],
    });
  }
  return { drafts, notified: [...spoken] };
}

function issueLine(issue: Issue): string {
  const diagnosis = issue.diagnosis ? `\n  diagnosis: ${escapeMarkdown(issue.diagnosis.text.slice(0, 1500))}` : '';
  return `#${issue.id} ${escapeMarkdown(issue.title)}${whatToDo(issue)}${diagnosis}`;
}

/** A host that is down says what to do about it (the ssh-keygen line for a changed key, the key to authorize). */
function whatToDo(issue: Issue): string {
  const hint = issue.rule === 'host-down' ? issue.evidence?.['hint'] : undefined;
  return typeof hint === 'string' && hint !== '' ? `\n  fix: ${escapeMarkdown(hint.slice(0, 1000))}` : '';
}

function summarize(items: readonly Item[]): string {
  const count = (kind: ItemKind) => items.filter((i) => i.kind === kind).length;
  const parts: string[] = [];
  const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  if (count('new')) parts.push(plural(count('new'), 'new issue', 'new issues'));
  if (count('escalated')) parts.push(`${count('escalated')} worse`);
  if (count('remediation')) parts.push(plural(count('remediation'), 'action', 'actions'));
  if (count('reminder')) parts.push(`${count('reminder')} still open`);
  if (count('resolved')) parts.push(`${count('resolved')} resolved`);
  return parts.join(', ');
}

/** Titles are plain text in every client: the escapes of the Markdown body are taken out again. */
function unescape(text: string): string {
  return text.replace(/\\(.)/g, '$1');
}
