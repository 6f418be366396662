/**
 * Autonomous diagnosis: the IssueHooks subscriber that runs the agent for issues that open,
 * reopen or escalate. The events of one emit (one cycle, or one Alertmanager push) are grouped by
 * host, so related issues of one host share one run; at most `agent.maxRunsPerCycle` runs start
 * per emit, the rest say why on their timeline. A run sets its issues `investigating`, and stores
 * the agent's answer on each as the diagnosis; the agent proposes actions through the executor
 * with the issues as their origin. The cycle waits for this at most `agent.notifyWaitSec` (the
 * hooks' waitMs): a diagnosis ready by then rides in the first message, a later one is stored on
 * the issue when it comes (`issues show`). With the model away nothing is started and the issue
 * stays `open`: the rule-based path of the cycle is unchanged.
 */
import { type Config, type Issue, type Logger, errorMessage } from '@ai-sysadmin/core';
import type { Agent, AgentResult } from '../agent/agent-contract.js';
import type { IssueAttentionEvent, IssueHooks } from '../issues/issue-hooks.js';
import type { IssueTracker } from '../issues/issue-tracker.js';

export interface AutonomousDiagnosisOptions {
  readonly agent: () => Agent;
  readonly tracker: IssueTracker;
  readonly config: () => Config;
  readonly logger: Logger;
  /** Why the model cannot be asked now (Ollama or the worker down), or null when it can. */
  readonly modelAway: () => Promise<string | null>;
  /** Told when a run is over (its issues and what it proposed). */
  readonly onRunDone?: (issues: readonly number[], result: AgentResult | null) => void;
}

export class AutonomousDiagnosis {
  private batch: { events: IssueAttentionEvent[]; done: Promise<void> } | undefined;
  private readonly inFlight = new Set<number>();
  /** Issues an agent run proposed an action for: the rule-based remediation leaves them to it. */
  private readonly handled = new Set<number>();
  private readonly runs = new Set<Promise<void>>();

  constructor(private readonly options: AutonomousDiagnosisOptions) {}

  subscribe(hooks: IssueHooks): () => void {
    return hooks.onIssueNeedsAttention((event) => this.take(event));
  }

  /**
   * Whether an agent run proposed an action for this issue since the last time a cycle asked, so
   * that cycle's rule-based restart stays out of its way; the next cycle's may act again (when
   * the agent's fix did not hold, the circuit breaker still bounds the restarts).
   */
  takeProposed(issueId: number): boolean {
    return this.handled.delete(issueId);
  }

  /** Runs in progress. */
  get running(): number {
    return this.runs.size;
  }

  /** Resolves when every run started so far has ended (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.runs.size) await Promise.all([...this.runs]);
  }

  /** One event of an emit; the events of the same tick are diagnosed together. */
  private take(event: IssueAttentionEvent): Promise<void> {
    if (!this.batch) {
      const events: IssueAttentionEvent[] = [];
      const done = new Promise<void>((resolve) => setImmediate(resolve)).then(() => {
        this.batch = undefined;
        return this.start(events);
      });
      this.batch = { events, done };
    }
    this.batch.events.push(event);
    return this.batch.done;
  }

  private async start(events: readonly IssueAttentionEvent[]): Promise<void> {
    const away = await this.options.modelAway();
    if (away) {
      this.options.logger.info(
        { issues: events.map((e) => e.issue.id), reason: away },
        'no diagnosis: the model is away',
      );
      return;
    }
    const byHost = new Map<string, Issue[]>();
    for (const { issue } of events) {
      if (this.inFlight.has(issue.id)) continue;
      byHost.set(issue.host, [...(byHost.get(issue.host) ?? []), issue]);
    }
    const max = this.options.config().agent.maxRunsPerCycle;
    const groups = [...byHost.values()];
    for (const skipped of groups.slice(max))
      for (const issue of skipped)
        this.options.tracker.addTimeline(issue.id, {
          event: 'diagnosis',
          text: `not diagnosed: agent.maxRunsPerCycle (${max}) runs were started this cycle`,
        });
    const started = groups.slice(0, max).map((issues) => this.track(this.diagnose(issues)));
    await Promise.all(started);
  }

  private track(run: Promise<void>): Promise<void> {
    this.runs.add(run);
    void run.finally(() => this.runs.delete(run));
    return run;
  }

  private async diagnose(issues: readonly Issue[]): Promise<void> {
    const { tracker, logger } = this.options;
    const ids = issues.map((i) => i.id);
    const host = issues[0]!.host;
    for (const id of ids) this.inFlight.add(id);
    let result: AgentResult | null = null;
    try {
      for (const id of ids) tracker.setStatus(id, 'investigating');
      result = await this.options.agent().run({
        mode: 'diagnosis',
        message: diagnosisMessage(issues),
        history: [],
        host,
        issueIds: ids,
        // A run never outlives answerTimeoutSec, whatever the queue or the model do.
        signal: AbortSignal.timeout(this.options.config().agent.answerTimeoutSec * 1000),
      });
      if (result.actions.length) for (const id of ids) this.handled.add(id);
      if (result.error || !result.answer.trim()) {
        const why = result.error ? `${result.error.code}: ${result.error.message}` : 'the model gave no answer';
        for (const id of ids) {
          tracker.addTimeline(id, { event: 'diagnosis', text: `no diagnosis: ${why}` });
          tracker.setStatus(id, 'open');
        }
        logger.warn({ issues: ids, host, reason: why }, 'autonomous diagnosis ended without a diagnosis');
        return;
      }
      for (const id of ids) tracker.setDiagnosis(id, result.answer.trim(), 'agent');
      logger.info(
        { issues: ids, host, steps: result.steps, actions: result.actions.length, ms: result.durationMs },
        'autonomous diagnosis stored',
      );
    } catch (error) {
      logger.error({ issues: ids, host, err: errorMessage(error) }, 'autonomous diagnosis failed');
      for (const id of ids) tracker.setStatus(id, 'open');
    } finally {
      for (const id of ids) this.inFlight.delete(id);
      this.options.onRunDone?.(ids, result);
    }
  }
}

/** What the agent is asked: every issue of the run with its evidence, compact. */
export function diagnosisMessage(issues: readonly Issue[]): string {
  const host = issues[0]!.host;
  const lines = [
    `Diagnose ${issues.length === 1 ? 'this issue' : `these ${issues.length} related issues`} on ${host}: find the cause with the read-only tools, then propose the fix if one is safe.`,
  ];
  for (const i of issues)
    lines.push(
      `- issue #${i.id} (${i.severity}, ${i.rule}${i.subject ? ` ${i.subject}` : ''}): ${i.title}`,
      `  evidence: ${JSON.stringify(i.evidence).slice(0, 2000)}`,
    );
  return lines.join('\n');
}
