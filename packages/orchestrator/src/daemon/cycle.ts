/**
 * One cycle: snapshot every host (the check's fan-out) -> findings -> issue tracker -> the
 * agent's hook -> remediation -> notifications -> a cycle record. It always runs to the end: a
 * host that is down, Redis, ChromaDB, Gotify or Ollama being away is recorded, never fatal.
 */
import { errorMessage } from '@ai-sysadmin/core';
import type { Config, CycleRecord, Logger, Severity } from '@ai-sysadmin/core';
import type { Executor } from '@ai-sysadmin/executor';
import type { CheckStateStore } from '../health/check-state.js';
import { type RunnerSource, runCheck, selectHosts } from '../health/run-check.js';
import type { IssueAttentionEvent, IssueHooks } from '../issues/issue-hooks.js';
import { type IssueChange, type IssueTracker, hostCheckable } from '../issues/issue-tracker.js';
import { planMessages } from '../notifications/message-plan.js';
import type { Outbox } from '../notifications/outbox.js';
import { type RemediationResult, restartFailedUnits } from '../remediation/restart-failed-units.js';
import type { CycleLog } from './cycle-log.js';
import type { CycleOutcome, CycleRun } from './cycle-run.js';
import type { DaemonMetrics } from './daemon-metrics.js';
import type { DependencyMonitor } from './dependency-monitor.js';

export interface CycleContext {
  readonly config: Config;
  readonly runners: RunnerSource;
  readonly checkState: CheckStateStore;
  readonly tracker: IssueTracker;
  readonly hooks: IssueHooks;
  readonly executor: Executor;
  readonly outbox: Outbox;
  readonly monitor: DependencyMonitor;
  readonly cycleLog: CycleLog;
  readonly logger: Logger;
  readonly metrics?: DaemonMetrics;
  /** Issues an agent run proposed an action for: the rule-based restart leaves them to it. */
  readonly leftToAgent?: (issueId: number) => boolean;
}

export async function runCycle(ctx: CycleContext, run: CycleRun): Promise<CycleOutcome> {
  const started = performance.now();
  const startedAt = new Date();
  const { config, tracker } = ctx;
  const known = new Set(config.remoteSystems.map((s) => s.name));
  // A trigger for one host checks that host only; a host removed by a reload meanwhile is skipped.
  const hosts =
    run.hosts === 'all'
      ? selectHosts(config, { allHosts: true })
      : [...run.hosts].filter((h) => h === 'local' || known.has(h));

  const report = await runCheck({
    config,
    hosts,
    runners: ctx.runners,
    state: ctx.checkState,
    onHost: (s) => run.hostSeen(s),
  });
  const checkDurationMs = performance.now() - started;
  for (const snapshot of report.hosts) {
    if (snapshot.host === 'local') continue;
    const name = `host ${snapshot.host}`;
    if (snapshot.status === 'up') ctx.monitor.up(name, snapshot.address);
    else ctx.monitor.down(name, snapshot.down?.reason ?? 'down', snapshot.down?.hint ?? undefined);
  }

  const changes = tracker.applyCheck(report, run.number);
  await ctx.hooks.emit(attentionEvents(changes, run.number));

  const present = new Set(
    changes.filter((c) => c.kind !== 'resolved' && !ctx.leftToAgent?.(c.issue.id)).map((c) => c.issue.id),
  );
  let remediation: RemediationResult = { actions: [], notes: [] };
  try {
    remediation = await restartFailedUnits(
      { config, executor: ctx.executor, tracker, cycle: run.number, logger: ctx.logger },
      present,
    );
  } catch (error) {
    ctx.logger.error({ cycle: run.number, err: errorMessage(error) }, 'remediation failed; the cycle goes on');
  }
  for (const action of remediation.actions) ctx.metrics?.actions.inc({ verdict: action.outcome });

  const queued = notify(ctx, changes, remediation);

  const finished = new Date();
  const findings: Record<Severity, number> = { critical: 0, warning: 0, info: 0 };
  for (const f of report.findings) findings[f.severity]++;
  const count = (kind: IssueChange['kind']) => changes.filter((c) => c.kind === kind).length;
  const record: CycleRecord = {
    cycle: run.number,
    reasons: [...run.reasons],
    startedAt: startedAt.toISOString(),
    finishedAt: finished.toISOString(),
    durationMs: Math.round(performance.now() - started),
    checkDurationMs: Math.round(checkDurationMs),
    hosts: report.hosts.map((s) => ({
      host: s.host,
      status: s.status,
      checkable: hostCheckable(s),
      reason: s.down?.reason ?? null,
      hint: s.down?.hint ?? null,
    })),
    findings,
    issues: {
      opened: count('opened'),
      escalated: count('escalated'),
      reopened: count('reopened'),
      resolved: count('resolved'),
      open: tracker.active().length,
    },
    actions: remediation.actions,
    messages: { queued },
    problems: [
      ...report.hosts
        .filter((s) => s.status === 'down')
        .map((s) => `${s.host} is down: ${s.down?.reason ?? 'unknown'}`),
      ...report.hosts
        .filter((s) => s.status === 'up' && !hostCheckable(s))
        .map((s) => `${s.host} could not be checked`),
      ...ctx.monitor
        .list()
        .filter((d) => d.state === 'down' && !d.name.startsWith('host '))
        .map((d) => `${d.name}: ${d.detail}`),
    ],
  };
  try {
    ctx.cycleLog.append(record);
  } catch (error) {
    ctx.logger.error({ cycle: run.number, err: errorMessage(error) }, 'the cycle record could not be written');
  }
  ctx.metrics?.cycles.inc();
  ctx.metrics?.cycleDuration.observe(record.durationMs / 1000);
  ctx.metrics?.checkDuration.observe(record.checkDurationMs / 1000);
  ctx.metrics?.hostsUp.set(report.hosts.filter((s) => s.status === 'up').length);
  ctx.metrics?.hostsDown.set(report.hosts.filter((s) => s.status === 'down').length);
  ctx.logger.info(
    {
      cycle: run.number,
      reasons: record.reasons,
      durationMs: record.durationMs,
      hosts: record.hosts.length,
      hostsDown: report.hosts.filter((s) => s.status === 'down').length,
      // Hosts down or not checkable, and dependencies down (Redis, ChromaDB, Gotify...).
      problems: record.problems.length,
      findings,
      issues: record.issues,
      actions: record.actions.length,
      messages: queued,
    },
    'cycle done',
  );
  return { report, record };
}

/** Composes this batch's messages, writes them to the outbox, and marks their issues notified. Returns how many. */
export function notify(
  ctx: Pick<CycleContext, 'config' | 'tracker' | 'outbox'>,
  changes: readonly IssueChange[],
  remediation?: RemediationResult,
): number {
  // The issues as they are now: remediation and the agent may have changed them since the change was recorded.
  const fresh = changes.map((c) => ({ ...c, issue: ctx.tracker.get(c.issue.id) }));
  const plan = planMessages({
    aiName: ctx.config.aiName,
    notifications: ctx.config.notifications,
    changes: fresh,
    remediation: remediation?.notes ?? [],
    active: ctx.tracker.active(),
    now: new Date(),
  });
  for (const draft of plan.drafts) ctx.outbox.enqueue(draft);
  ctx.tracker.markNotified(plan.notified);
  return plan.drafts.length;
}

function attentionEvents(changes: readonly IssueChange[], cycle: number): IssueAttentionEvent[] {
  return changes
    .filter(
      (c): c is IssueChange & { kind: 'opened' | 'reopened' | 'escalated' } =>
        c.kind === 'opened' || c.kind === 'reopened' || c.kind === 'escalated',
    )
    .map((c) => ({ kind: c.kind, issue: c.issue, cycle }));
}
