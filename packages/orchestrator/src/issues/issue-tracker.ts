/**
 * The issue tracker: one issue per (host, finding fingerprint), numbered. A finding seen again
 * updates its issue; a worse severity escalates it; a finding absent from
 * `issues.resolveAfterChecks` consecutive checks of a host that was up resolves it; one that comes
 * back within `issues.reopenWithinHours` reopens the same issue.
 *
 * Absence only counts where the check could have seen the finding: a host that is down, that
 * could not be checked, or whose part behind the rule (the systemd part for a failed unit) was
 * unavailable this time resolves nothing, so a failed check never mass-resolves issues.
 */
import type {
  Alert,
  CheckReport,
  Config,
  Finding,
  HostSnapshot,
  Issue,
  IssueStatus,
  PartName,
  Severity,
  TimelineEntry,
} from '@ai-sysadmin/core';
import { fingerprint } from '../health/findings/fingerprint.js';
import { IssueNotFoundError } from '../errors/issue-not-found-error.js';
import { RemediationNotGivenUpError } from '../errors/remediation-not-given-up-error.js';
import type { IssueStore } from './issue-store.js';

/** A finding of a check, or an alert read as one. */
export type TrackedFinding = Omit<Finding, 'rule'> & { readonly rule: string };

export type IssueChangeKind = 'opened' | 'reopened' | 'escalated' | 'deescalated' | 'seen' | 'resolved';

export interface IssueChange {
  readonly kind: IssueChangeKind;
  readonly issue: Issue;
  /** The severity before an escalation or de-escalation. */
  readonly from?: Severity;
}

export const SEVERITY_RANK: Record<Severity, number> = { info: 0, warning: 1, critical: 2 };

/** The snapshot part a rule reads: when it is unavailable, the finding's absence means nothing. */
const RULE_PART: Record<string, PartName | undefined> = {
  'disk-usage': 'filesystems',
  'inode-usage': 'filesystems',
  'memory-pressure': 'memory',
  'swap-usage': 'memory',
  'swap-thrash': 'memory',
  'sustained-load': 'cpu',
  'failed-unit': 'systemd',
  'journal-errors': 'journal',
  'gpu-temperature': 'gpus',
  'nix-store-size': 'nix',
  'host-down': undefined,
};

/**
 * Whether this check read the part behind an issue, so the finding's absence means it is gone.
 * A `part-failed` issue is about the part it names: read at all (ok, or found absent) is its end.
 */
function partWasRead(issue: Issue, snapshot: HostSnapshot): boolean {
  if (issue.rule === 'part-failed') {
    const part = snapshot.parts[issue.subject as PartName] as HostSnapshot['parts'][PartName] | undefined;
    return part !== undefined && (part.status === 'ok' || part.cause === 'absent');
  }
  const part = RULE_PART[issue.rule];
  return part !== undefined && snapshot.parts[part].status === 'ok';
}

/** Without any of these a host "could not be checked" (the CLI's exit 3). */
const CORE_PARTS: PartName[] = ['os', 'cpu', 'memory', 'filesystems', 'processes'];

export function hostCheckable(snapshot: HostSnapshot): boolean {
  return snapshot.status === 'up' && CORE_PARTS.some((p) => snapshot.parts[p].status === 'ok');
}

export const isActive = (issue: Issue): boolean => issue.status !== 'resolved';

type TrackerConfig = Pick<Config, 'issues'>;

export class IssueTracker {
  /** The latest issue of each (host, fingerprint). */
  private readonly byKey = new Map<string, number>();
  private readonly listeners: Array<(issue: Issue) => void> = [];

  constructor(
    private readonly store: IssueStore,
    private config: TrackerConfig,
    private readonly now: () => Date = () => new Date(),
  ) {
    for (const issue of store.all()) this.byKey.set(keyOf(issue.host, issue.fingerprint), issue.id);
  }

  updateConfig(config: TrackerConfig): void {
    this.config = config;
  }

  /** Called with every issue written (the vector-store mirror listens). */
  onSave(listener: (issue: Issue) => void): void {
    this.listeners.push(listener);
  }

  get(id: number): Issue {
    const issue = this.store.get(id);
    if (!issue) throw new IssueNotFoundError(id);
    return issue;
  }

  find(host: string, fp: string): Issue | undefined {
    const id = this.byKey.get(keyOf(host, fp));
    return id === undefined ? undefined : this.store.get(id);
  }

  all(): Issue[] {
    return this.store.all();
  }

  active(): Issue[] {
    return this.store.all().filter(isActive);
  }

  /** Applies one check: every finding of every host in the report, and the absence of the others. */
  applyCheck(report: CheckReport, cycle: number): IssueChange[] {
    const at = report.checkedAt;
    const changes: IssueChange[] = [];
    for (const snapshot of report.hosts) {
      const findings = report.findings.filter((f) => f.host === snapshot.host);
      const present = new Set<number>();
      for (const finding of findings) {
        const change = this.applyFinding(finding, at, cycle);
        present.add(change.issue.id);
        changes.push(change);
      }
      for (const issue of this.active()) {
        if (issue.host !== snapshot.host || issue.source !== 'check' || present.has(issue.id)) continue;
        const couldSee =
          issue.rule === 'host-down'
            ? snapshot.status === 'up'
            : hostCheckable(snapshot) && partWasRead(issue, snapshot);
        if (!couldSee) continue;
        const absent = issue.absentChecks + 1;
        if (absent >= this.config.issues.resolveAfterChecks) {
          changes.push({
            kind: 'resolved',
            issue: this.resolve(
              issue,
              `not seen in ${absent} consecutive check${absent === 1 ? '' : 's'} of ${issue.host}`,
              at,
              cycle,
            ),
          });
        } else {
          this.save({ ...issue, absentChecks: absent });
        }
      }
    }
    return changes;
  }

  /** Firing alerts open or update issues; resolved alerts resolve them. */
  applyAlerts(alerts: readonly Alert[]): IssueChange[] {
    const at = this.now().toISOString();
    const changes: IssueChange[] = [];
    for (const alert of alerts) {
      const finding = alertFinding(alert);
      if (alert.status === 'firing') {
        changes.push(this.applyFinding(finding, at, undefined, 'alertmanager'));
        continue;
      }
      const issue = this.find(finding.host, finding.fingerprint);
      if (issue && isActive(issue))
        changes.push({ kind: 'resolved', issue: this.resolve(issue, 'Alertmanager says the alert is resolved', at) });
    }
    return changes;
  }

  addTimeline(id: number, entry: Omit<TimelineEntry, 'at'> & { at?: string }): Issue {
    const issue = this.get(id);
    return this.save({ ...issue, timeline: [...issue.timeline, { at: this.now().toISOString(), ...entry }] });
  }

  update(id: number, change: (issue: Issue) => Issue): Issue {
    return this.save(change(this.get(id)));
  }

  /** A message about these issues went out now. */
  markNotified(ids: readonly number[]): void {
    const at = this.now().toISOString();
    for (const id of new Set(ids)) {
      const issue = this.get(id);
      this.save({
        ...issue,
        notifications: { lastAt: at, severity: isActive(issue) ? issue.severity : issue.notifications.severity },
      });
    }
  }

  /** For the agent: it is working on the issue (`investigating`), or has stopped (`open`). */
  setStatus(id: number, status: Exclude<IssueStatus, 'resolved'>): Issue {
    const issue = this.get(id);
    if (!isActive(issue)) return issue;
    return this.save({ ...issue, status });
  }

  /** For the agent: what it found. */
  setDiagnosis(id: number, text: string, by: string): Issue {
    const at = this.now().toISOString();
    const issue = this.get(id);
    return this.save({
      ...issue,
      diagnosis: { at, text, by },
      timeline: [...issue.timeline, { at, event: 'diagnosis', text: `diagnosed by ${by}` }],
    });
  }

  /** A person lets remediation try again after it gave up. */
  resetRemediation(id: number, by: string): Issue {
    const issue = this.get(id);
    if (!issue.remediation.givenUp) throw new RemediationNotGivenUpError(id);
    const at = this.now().toISOString();
    return this.save({
      ...issue,
      remediation: { ...issue.remediation, givenUp: false, givenUpAt: null, restartCycles: [] },
      timeline: [...issue.timeline, { at, event: 'remediation-reset', text: `remediation reset by ${by}` }],
    });
  }

  private applyFinding(
    finding: TrackedFinding,
    at: string,
    cycle: number | undefined,
    source: Issue['source'] = 'check',
  ): IssueChange {
    const existing = this.find(finding.host, finding.fingerprint);
    const cycleField = cycle === undefined ? {} : { cycle };
    if (existing && isActive(existing)) {
      const from = existing.severity;
      const kind: IssueChangeKind =
        SEVERITY_RANK[finding.severity] > SEVERITY_RANK[from]
          ? 'escalated'
          : SEVERITY_RANK[finding.severity] < SEVERITY_RANK[from]
            ? 'deescalated'
            : 'seen';
      const timeline =
        kind === 'seen'
          ? existing.timeline
          : [
              ...existing.timeline,
              {
                at,
                event: kind,
                text: `${from} -> ${finding.severity}: ${finding.summary}`,
                severity: finding.severity,
                ...cycleField,
              },
            ];
      const issue = this.save({
        ...existing,
        title: finding.summary,
        severity: finding.severity,
        severityHistory:
          kind === 'seen'
            ? existing.severityHistory
            : [...existing.severityHistory, { at, severity: finding.severity }],
        lastSeen: at,
        occurrences: existing.occurrences + 1,
        absentChecks: 0,
        evidence: finding.evidence,
        timeline,
      });
      return kind === 'seen' ? { kind, issue } : { kind, issue, from };
    }
    const reopenMs = this.config.issues.reopenWithinHours * 3_600_000;
    if (existing?.resolvedAt && Date.parse(at) - Date.parse(existing.resolvedAt) <= reopenMs) {
      const issue = this.save({
        ...existing,
        status: 'open',
        title: finding.summary,
        severity: finding.severity,
        severityHistory: [...existing.severityHistory, { at, severity: finding.severity }],
        lastSeen: at,
        occurrences: existing.occurrences + 1,
        absentChecks: 0,
        resolvedAt: null,
        evidence: finding.evidence,
        remediation: { ...existing.remediation, pendingActionId: null, refusedNoted: false },
        notifications: { lastAt: existing.notifications.lastAt, severity: null },
        timeline: [
          ...existing.timeline,
          {
            at,
            event: 'reopened',
            text: `back within ${this.config.issues.reopenWithinHours} h: ${finding.summary}`,
            severity: finding.severity,
            ...cycleField,
          },
        ],
      });
      return { kind: 'reopened', issue };
    }
    const issue = this.save({
      v: 1,
      id: this.store.nextId(),
      host: finding.host,
      fingerprint: finding.fingerprint,
      source,
      rule: finding.rule,
      subject: finding.subject,
      title: finding.summary,
      status: 'open',
      severity: finding.severity,
      severityHistory: [{ at, severity: finding.severity }],
      firstSeen: at,
      lastSeen: at,
      occurrences: 1,
      absentChecks: 0,
      resolvedAt: null,
      evidence: finding.evidence,
      timeline: [{ at, event: 'opened', text: finding.summary, severity: finding.severity, ...cycleField }],
      diagnosis: null,
      remediation: {
        restartCycles: [],
        pendingActionId: null,
        givenUp: false,
        givenUpAt: null,
        refusedNoted: false,
        declinedBy: null,
      },
      notifications: { lastAt: null, severity: null },
      revision: 1,
    });
    return { kind: 'opened', issue };
  }

  private resolve(issue: Issue, why: string, at: string, cycle?: number): Issue {
    return this.save({
      ...issue,
      status: 'resolved',
      resolvedAt: at,
      absentChecks: 0,
      // As Monit does, a given-up remediation lasts until the issue resolves.
      remediation: {
        ...issue.remediation,
        givenUp: false,
        givenUpAt: null,
        pendingActionId: null,
        restartCycles: [],
        refusedNoted: false,
        declinedBy: null,
      },
      timeline: [...issue.timeline, { at, event: 'resolved', text: why, ...(cycle === undefined ? {} : { cycle }) }],
    });
  }

  private save(issue: Issue): Issue {
    const saved = { ...issue, revision: (this.store.get(issue.id)?.revision ?? 0) + 1 };
    this.store.save(saved);
    this.byKey.set(keyOf(saved.host, saved.fingerprint), saved.id);
    for (const listener of this.listeners) listener(saved);
    return saved;
  }
}

function keyOf(host: string, fp: string): string {
  return `${host}\0${fp}`;
}

const ALERT_SEVERITY: Record<string, Severity> = {
  critical: 'critical',
  page: 'critical',
  error: 'critical',
  high: 'critical',
  warning: 'warning',
  warn: 'warning',
  medium: 'warning',
  info: 'info',
  none: 'info',
  low: 'info',
};

/**
 * An alert as a finding: its host from the `host`, `instance` (without the port) or `nodename`
 * label, its fingerprint from all of its labels (so the same alert is the same issue), its
 * severity from the `severity` label.
 */
export function alertFinding(alert: Alert): TrackedFinding {
  const labels = alert.labels;
  const host = labels.host ?? labels.nodename ?? labels.instance?.replace(/:\d+$/, '') ?? 'alertmanager';
  const labelText = Object.keys(labels)
    .sort()
    .map((k) => `${k}=${labels[k]}`)
    .join('\n');
  const name = labels.alertname!;
  const summary = alert.annotations.summary ?? alert.annotations.description ?? name;
  return {
    fingerprint: fingerprint(host, 'alertmanager', labelText),
    host,
    rule: 'alertmanager',
    subject: name,
    severity: ALERT_SEVERITY[(labels.severity ?? '').toLowerCase()] ?? 'warning',
    summary: `${name}: ${summary}`,
    evidence: {
      labels,
      annotations: alert.annotations,
      startsAt: alert.startsAt,
      ...(alert.generatorURL ? { generatorURL: alert.generatorURL } : {}),
    },
  };
}
