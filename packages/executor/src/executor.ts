/**
 * The executor: the one way an action gets done. It validates the request, asks the policy,
 * runs what may run, stores what needs a person as a numbered pending action, and on approval
 * asks the policy again before running it exactly once. Every step is written to the audit log
 * with the original request, before the next step happens.
 *
 *   propose -> verdict -> (run | pending -> approve/reject/expire -> re-check -> run) -> verify
 *
 * This class is the facade: each step lives in its own module (actions/propose-action.ts,
 * actions/approve-action.ts, actions/action-lifecycle.ts, execution/execute-plan.ts,
 * nixos/nixos-changes.ts), and the Executor makes their collaborators once and hands them over.
 */
import { mkdirSync } from 'node:fs';
import { type Config, type Logger, ToolCache, createLogger, stateLayout } from '@ai-sysadmin/core';
import { type Decider, ActionLifecycle } from './actions/action-lifecycle.js';
import type { ActionOutcome } from './actions/action-outcome.js';
import { approveAction } from './actions/approve-action.js';
import { type DiscussionContext, addDiscussionMessage, discussionOf } from './actions/discussion.js';
import { PendingActionStore } from './actions/pending-action-store.js';
import { proposeAction } from './actions/propose-action.js';
import type { ActionStatus, ActionView } from './actions/stored-action.js';
import { AuditLog } from './audit/audit-log.js';
import { assessAction } from './execution/assess-action.js';
import { PlanExecutor } from './execution/execute-plan.js';
import type { ExecutorParts } from './executor-parts.js';
import { NixosChanges, type NixosProposalOutcome } from './nixos/nixos-changes.js';
import { ActionPolicy, type PolicyRecord } from './policy/action-policy.js';
import type { PolicyAction } from './policy/evaluate-policy.js';
import type { PolicyContext } from './policy/policy-context.js';
import type { RunnerSource } from './runner/runner-source.js';

export interface ExecutorOptions {
  readonly config: Config;
  readonly runners: RunnerSource;
  readonly logger?: Logger;
  /** The clock (tests move it to expire actions). */
  readonly now?: () => Date;
  /** Where output beyond the cap is kept; default ToolCache.fromConfig(config). */
  readonly toolCache?: ToolCache;
  /** Time between two verification checks; default 1 s. */
  readonly verifyPollMs?: number;
  /** Units an open issue names on a host, from the daemon's issue tracker: restarting one is low risk. Default: none. */
  readonly openIssueUnits?: (host: string) => readonly string[];
}

export class Executor {
  readonly stateDir: string;
  readonly store: PendingActionStore;
  readonly audit: AuditLog;
  /** Output beyond the cap, by id: `<stateDir>/tool_cache/`. */
  readonly toolCache: ToolCache;
  /** Where runners write a cut stream before it moves into the cache. */
  readonly spillDir: string;
  private config: Config;
  private readonly parts: ExecutorParts;

  constructor(options: ExecutorOptions) {
    this.config = options.config;
    this.stateDir = options.config.stateDir;
    const layout = stateLayout(this.stateDir);
    const config = () => this.config;
    const now = options.now ?? (() => new Date());
    const logger =
      options.logger ??
      createLogger({ level: options.config.logLevel, aiName: options.config.aiName, component: 'executor' });
    this.store = new PendingActionStore(this.stateDir);
    this.audit = new AuditLog(layout.auditLog, { now });
    this.toolCache = options.toolCache ?? ToolCache.fromConfig(options.config);
    this.spillDir = this.toolCache.spillDir;
    mkdirSync(this.spillDir, { recursive: true, mode: 0o700 });

    const policy = new ActionPolicy(config, options.openIssueUnits ? { openIssueUnits: options.openIssueUnits } : {});
    const lifecycle = new ActionLifecycle({ store: this.store, audit: this.audit, config, now });
    const shared = { config, policy, runners: options.runners, audit: this.audit, toolCache: this.toolCache };
    this.parts = {
      config,
      policy,
      runners: options.runners,
      lifecycle,
      audit: this.audit,
      plans: new PlanExecutor({ ...shared, logger, now, verifyPollMs: options.verifyPollMs ?? 1000 }),
      nixos: new NixosChanges({ ...shared, lifecycle }),
      logger,
      now,
    };
  }

  /** A changed configuration (autonomy, critical services, hosts) applies from the next decision on. */
  updateConfig(config: Config): void {
    this.config = config;
  }

  policyContext(): PolicyContext {
    return this.parts.policy.context();
  }

  /** The decision from the action alone (no facts from the host: no unit is taken to be failed). */
  evaluate(action: PolicyAction): PolicyRecord {
    return this.parts.policy.evaluate(action);
  }

  /** The decision with what it needs from the host right now (the state of the units it restarts), as propose and approve make it. */
  assess(action: PolicyAction): Promise<{ decision: PolicyRecord; context: PolicyContext }> {
    return assessAction(action, this.parts.policy, this.parts.runners);
  }

  /**
   * Takes an action request (an LLM tool call plus who asked). Runs it when the policy says run,
   * stores it for approval when it says approval, refuses it otherwise. Invalid input is audited
   * and refused with InvalidActionRequestError.
   */
  propose(input: unknown): Promise<ActionOutcome> {
    return proposeAction(this.parts, input);
  }

  /** Stored actions, oldest first, optionally only those in the given states (as of now). */
  list(filter: { status?: ActionStatus | readonly ActionStatus[] } = {}): ActionView[] {
    return this.parts.lifecycle.list(filter);
  }

  get(id: number): ActionView {
    return this.parts.lifecycle.view(this.parts.lifecycle.load(id));
  }

  /**
   * Approves a pending action and runs it, once: the first decision wins, across processes.
   * The policy is asked again first; if it now refuses (autonomy lowered, unit now critical,
   * risk higher than when proposed), nothing runs.
   */
  approve(id: number, by: Decider): Promise<ActionOutcome> {
    return approveAction(this.parts, id, by);
  }

  reject(id: number, by: Decider): ActionView {
    return this.parts.lifecycle.view(this.parts.lifecycle.reject(id, by));
  }

  /** Audits, once each, the approved actions whose process died before they finished (shown `interrupted`, never rerun). */
  auditInterrupted(): ActionView[] {
    return this.parts.lifecycle.auditInterrupted();
  }

  /** Marks every pending action past its time as expired (audited); returns them. */
  expireDue(): ActionView[] {
    return this.parts.lifecycle.expireDue();
  }

  /** What a discussion about a pending action needs: the request, the reasoning, the policy then and now, what was said so far. */
  discussion(id: number): DiscussionContext {
    return discussionOf(this.parts, id);
  }

  addDiscussionMessage(id: number, message: { role: 'user' | 'assistant'; text: string }): ActionView {
    return addDiscussionMessage(this.parts, id, message);
  }

  /**
   * Proposes a change to the NixOS configuration: {host, diff, reason, explanation?,
   * configuration?, requestedBy}. It is applied on its own branch and built before anyone is
   * asked; one that does not build comes back `invalid` and is never offered for approval.
   */
  proposeNixosChange(input: unknown): Promise<NixosProposalOutcome> {
    return this.parts.nixos.propose(input);
  }

  /** Proposes undoing an applied NixOS change: {method: 'rollback' | 'revert', reason, requestedBy}. Needs approval like the change did. */
  proposeNixosUndo(id: number, input: unknown): Promise<NixosProposalOutcome> {
    return this.parts.nixos.proposeUndo(id, input);
  }
}
