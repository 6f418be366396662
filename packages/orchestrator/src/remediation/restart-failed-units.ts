/**
 * Rule-based remediation, no LLM: a failed unit that is not critical gets `systemctl restart
 * <unit>` proposed through the Executor, with its issue as the origin, so the autonomy table
 * decides (runs at auto-safe and auto-full, waits as a numbered approval at suggest; at observe
 * the policy says no, and nothing is proposed). What happened goes on the issue's timeline and
 * into the cycle's message. The circuit breaker stops it after `remediation.maxRestarts`.
 */
import { errorMessage } from '@ai-sysadmin/core';
import type { Config, CycleRecord, Issue, Logger } from '@ai-sysadmin/core';
import { randomUUID } from 'node:crypto';
import type { ActionOutcome, ActionRequestInput, Executor, RequestOrigin } from '@ai-sysadmin/executor';
import type { IssueTracker } from '../issues/issue-tracker.js';
import { codeSpan, escapeMarkdown } from '../notifications/markdown.js';
import type { RemediationNote } from '../notifications/message-plan.js';
import { PRIORITY } from '../notifications/notifier.js';
import { breakerOpen, restartsInWindow } from './circuit-breaker.js';

export type RemediationAction = CycleRecord['actions'][number];

export interface RemediationResult {
  readonly actions: RemediationAction[];
  readonly notes: RemediationNote[];
}

export interface RemediationContext {
  readonly config: Config;
  readonly executor: Executor;
  readonly tracker: IssueTracker;
  readonly cycle: number;
  readonly logger: Logger;
}

export function restartRequest(issue: Issue): ActionRequestInput {
  return {
    host: issue.host,
    argv: ['systemctl', 'restart', issue.subject],
    sudo: true,
    reason: `${issue.subject} failed on ${issue.host} (issue #${issue.id}); restarting a failed unit is the rule-based first step`,
    requestedBy: {
      kind: 'issue',
      text: `issue #${issue.id}: ${issue.title}`.slice(0, 20_000),
      issueId: String(issue.id),
    },
  };
}

/** `present`: the ids of issues whose finding was seen in this cycle's check. */
export async function restartFailedUnits(
  ctx: RemediationContext,
  present: ReadonlySet<number>,
): Promise<RemediationResult> {
  const result: RemediationResult = { actions: [], notes: [] };
  if (!ctx.config.remediation.restartFailedUnits) return result;
  const candidates = ctx.tracker
    .active()
    .filter(
      (i) =>
        i.source === 'check' && i.rule === 'failed-unit' && present.has(i.id) && i.evidence.criticalService !== true,
    );
  for (const issue of candidates) {
    await remediateOne(ctx, issue, result);
  }
  return result;
}

async function remediateOne(ctx: RemediationContext, issue: Issue, result: RemediationResult): Promise<void> {
  const { tracker, executor, cycle } = ctx;
  const settings = ctx.config.remediation;
  if (issue.remediation.givenUp || issue.remediation.declinedBy !== null) return;

  if (issue.remediation.pendingActionId !== null) {
    const view = safeGet(executor, issue.remediation.pendingActionId);
    if (view && (view.status === 'pending' || view.status === 'approved' || view.status === 'running')) return; // a person has it
    if (view?.status === 'rejected') {
      const by = view.decision?.by ?? 'someone';
      tracker.update(issue.id, (i) => ({
        ...i,
        remediation: { ...i.remediation, pendingActionId: null, declinedBy: by },
        timeline: [
          ...i.timeline,
          {
            at: new Date().toISOString(),
            event: 'action-refused',
            text: `restart rejected by ${by}: none is proposed again until the issue resolves`,
            actionId: view.id,
            cycle,
          },
        ],
      }));
      return;
    }
    tracker.update(issue.id, (i) => ({ ...i, remediation: { ...i.remediation, pendingActionId: null } }));
    issue = tracker.get(issue.id);
  }

  const request = restartRequest(issue);
  const unit = codeSpan(issue.subject);
  if (breakerOpen(issue.remediation.restartCycles, cycle, settings)) {
    const count = restartsInWindow(issue.remediation.restartCycles, cycle, settings.windowCycles);
    const text = `gave up restarting ${issue.subject} on ${issue.host}: ${count} restarts within ${settings.windowCycles} cycles did not keep it running`;
    const at = new Date().toISOString();
    tracker.update(issue.id, (i) => ({
      ...i,
      remediation: { ...i.remediation, givenUp: true, givenUpAt: at },
      timeline: [...i.timeline, { at, event: 'remediation-given-up', text, cycle }],
    }));
    result.actions.push({
      issueId: issue.id,
      host: issue.host,
      argv: [...request.argv],
      outcome: 'given-up',
      actionId: null,
      detail: text,
    });
    result.notes.push({
      issueId: issue.id,
      host: issue.host,
      priority: PRIORITY.critical,
      headline: `gave up restarting ${issue.subject}`,
      markdown: `**CRITICAL** remediation given up for #${issue.id}: ${unit} was restarted ${count} times within ${settings.windowCycles} cycles (\`systemctl restart\`) and failed again each time. No more restarts until the issue resolves or someone resets it (\`POST /v1/issues/${issue.id}/reset-remediation\`).`,
    });
    ctx.executor.audit.append({
      type: 'remediation',
      ref: randomUUID(),
      hosts: [issue.host],
      argv: [...request.argv],
      request: request.requestedBy as RequestOrigin,
      issueId: issue.id,
      event: 'given-up',
      note: text,
    });
    ctx.logger.warn(
      { issue: issue.id, host: issue.host, unit: issue.subject, restarts: count },
      'remediation given up',
    );
    return;
  }

  const decision = executor.evaluate({ host: issue.host, argv: request.argv, sudo: true });
  if (decision.verdict === 'deny') {
    if (!issue.remediation.refusedNoted) {
      tracker.update(issue.id, (i) => ({
        ...i,
        remediation: { ...i.remediation, refusedNoted: true },
        timeline: [
          ...i.timeline,
          {
            at: new Date().toISOString(),
            event: 'action-refused',
            text: `a restart is not allowed here (${decision.autonomy}): ${decision.reason}`,
            cycle,
          },
        ],
      }));
    }
    return;
  }

  let outcome: ActionOutcome;
  try {
    outcome = await executor.propose(request);
  } catch (error) {
    const detail = errorMessage(error);
    result.actions.push({
      issueId: issue.id,
      host: issue.host,
      argv: [...request.argv],
      outcome: 'error',
      actionId: null,
      detail,
    });
    ctx.logger.error({ issue: issue.id, err: detail }, 'the restart could not be proposed');
    return;
  }
  recordOutcome(ctx, issue, outcome, result);
}

/** Puts an executed, pending or refused restart on the issue's timeline and into the cycle's notes. */
export function recordOutcome(
  ctx: Pick<RemediationContext, 'tracker' | 'cycle'>,
  issue: Issue,
  outcome: ActionOutcome,
  result: RemediationResult,
  approvedBy?: string,
): void {
  const { tracker, cycle } = ctx;
  const at = new Date().toISOString();
  const argv = ['systemctl', 'restart', issue.subject];
  const unit = codeSpan(issue.subject);
  const actionId = outcome.action?.id ?? null;
  if (outcome.status === 'pending') {
    tracker.update(issue.id, (i) => ({
      ...i,
      remediation: { ...i.remediation, pendingActionId: outcome.action.id },
      timeline: [
        ...i.timeline,
        {
          at,
          event: 'action-proposed',
          text: `restart proposed as action #${outcome.action.id}, waiting for approval (${outcome.decision.risk} risk at ${outcome.decision.autonomy})`,
          actionId: outcome.action.id,
          cycle,
        },
      ],
    }));
    result.actions.push({
      issueId: issue.id,
      host: issue.host,
      argv,
      outcome: 'pending',
      actionId: outcome.action.id,
      detail: `waiting for approval as action #${outcome.action.id}`,
    });
    result.notes.push({
      issueId: issue.id,
      host: issue.host,
      priority: PRIORITY.attention,
      headline: `restart of ${issue.subject} awaits approval`,
      markdown: `restart of ${unit} for #${issue.id} awaits approval: \`ai-sysadmin approve ${outcome.action.id}\``,
    });
    return;
  }
  if (outcome.status === 'refused') {
    tracker.addTimeline(issue.id, {
      event: 'action-refused',
      text: `restart refused: ${outcome.decision.reason}`,
      ...(actionId !== null ? { actionId } : {}),
      cycle,
    });
    result.actions.push({
      issueId: issue.id,
      host: issue.host,
      argv,
      outcome: 'refused',
      actionId,
      detail: outcome.decision.reason,
    });
    return;
  }
  const run = outcome.runs[0];
  const ranText = run?.result
    ? `exit ${run.result.exitCode ?? run.result.signal}${run.result.timedOut ? ' (timed out)' : ''}`
    : `could not run: ${run?.error?.message ?? 'unknown'}`;
  const verification = outcome.verification[0];
  const who = approvedBy ? ` (approved by ${approvedBy})` : '';
  tracker.update(issue.id, (i) => ({
    ...i,
    remediation: { ...i.remediation, pendingActionId: null, restartCycles: [...i.remediation.restartCycles, cycle] },
    timeline: [
      ...i.timeline,
      {
        at,
        event: 'action-ran',
        text: `systemctl restart ${issue.subject}${who}: ${ranText}`,
        ...(actionId !== null ? { actionId } : {}),
        cycle,
      },
      ...(verification
        ? [
            {
              at,
              event: 'verification' as const,
              text: `${verification.held ? 'held' : 'did not hold'}: ${verification.detail}`,
              ...(actionId !== null ? { actionId } : {}),
              cycle,
            },
          ]
        : []),
    ],
  }));
  const held = verification
    ? verification.held
      ? `it is ${escapeMarkdown(verification.detail)}`
      : `it did not hold: ${escapeMarkdown(verification.detail)}`
    : escapeMarkdown(ranText);
  result.actions.push({
    issueId: issue.id,
    host: issue.host,
    argv,
    outcome: outcome.ok ? 'ran' : 'failed',
    actionId,
    detail: `${ranText}${verification ? `; ${verification.detail}` : ''}`,
  });
  result.notes.push({
    issueId: issue.id,
    host: issue.host,
    priority: PRIORITY.attention,
    headline: outcome.ok ? `restarted ${issue.subject}` : `restart of ${issue.subject} failed`,
    markdown: `${outcome.ok ? 'restarted' : 'tried to restart'} ${unit} for #${issue.id}${escapeMarkdown(who)}: ${held}`,
  });
}

function safeGet(executor: Executor, id: number) {
  try {
    return executor.get(id);
  } catch {
    return undefined;
  }
}
