/**
 * The executor: the one way an action gets done. It validates the request, asks the policy,
 * runs what may run, stores what needs a person as a numbered pending action, and on approval
 * asks the policy again before running it exactly once. Every step is written to the audit log
 * with the original request, before the next step happens.
 *
 *   propose -> verdict -> (run | pending -> approve/reject/expire -> re-check -> run) -> verify
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { type AutonomyLevel, type Config, type Logger, ToolCache, createLogger } from '@ai-sysadmin/core';
import { displayCommand, makeCommand, resolveTarget } from '@ai-sysadmin/command-patterns';
import {
  type ActionRequest,
  type RequestOrigin,
  type VerificationSpec,
  actionRequestSchema,
  describeIssues,
} from './actions/action-request.js';
import { PendingActionStore } from './actions/pending-action-store.js';
import {
  type ActionStatus,
  type ActionView,
  type DecisionRecord,
  type DiscussionMessage,
  type HostRunRecord,
  type StoredAction,
  type VerificationRecord,
} from './actions/stored-action.js';
import type { AuditEntry, AuditEntryInput } from './audit/audit-entry.js';
import { AuditLog } from './audit/audit-log.js';
import { ActionAlreadyDecidedError } from './errors/action-already-decided-error.js';
import { ActionExpiredError } from './errors/action-expired-error.js';
import { ActionNotFoundError } from './errors/action-not-found-error.js';
import { InvalidActionRequestError } from './errors/invalid-action-request-error.js';
import { assessAction } from './execution/assess-action.js';
import { type HostRun, ranCleanly, runOnHost } from './execution/run-on-host.js';
import type { RunnerSource } from './execution/runner-source.js';
import { verifyEffect } from './execution/verify-effect.js';
import {
  type Classification,
  type PolicyAction,
  actionHosts,
  classifyCommand,
  evaluatePolicy,
} from './policy/evaluate-policy.js';
import { type PolicyContext, policyContextFromConfig } from './policy/policy-context.js';
import { type PolicyDecision, riskRank } from './policy/risk.js';
import {
  type NixosContext,
  type NixosProposalOutcome,
  proposeNixosChange,
  proposeNixosUndo,
  rememberCurrentSystem,
  targetHostEnv,
} from './nixos/nixos-changes.js';

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

export type PolicyRecord = PolicyDecision & { readonly autonomy: AutonomyLevel };

export type ActionOutcome =
  | { readonly status: 'refused'; readonly ref: string; readonly decision: PolicyRecord; readonly action?: ActionView }
  | { readonly status: 'pending'; readonly ref: string; readonly decision: PolicyRecord; readonly action: ActionView }
  | {
      readonly status: 'executed';
      readonly ref: string;
      readonly decision: PolicyRecord;
      /** Every host ran it cleanly and no verification failed. */
      readonly ok: boolean;
      readonly runs: readonly HostRun[];
      readonly verification: readonly VerificationRecord[];
      readonly action?: ActionView;
    };

export interface DiscussionContext {
  readonly action: ActionView;
  /** The user's original words, or the issue that led to the action. */
  readonly request: RequestOrigin;
  readonly reason: string;
  readonly explanation?: string;
  readonly policyAtProposal: PolicyRecord;
  /** What the policy says now (autonomy or config may have changed). */
  readonly policyNow: PolicyRecord;
  readonly messages: readonly DiscussionMessage[];
  readonly audit: readonly AuditEntry[];
}

/** Everything the executor knows about one action it is about to run. */
export interface RunPlan {
  readonly ref: string;
  readonly actionId?: number;
  readonly hosts: readonly string[];
  readonly argv: readonly string[];
  readonly sudo: boolean;
  readonly display: readonly string[];
  readonly request: RequestOrigin;
  readonly verify?: VerificationSpec;
  /** Where the command runs when that is not the host it acts on (`nixos-rebuild --target-host` runs here). */
  readonly runsOn?: string;
  /** A person approved it (not an automatic run). */
  readonly approvedByPerson: boolean;
  /** The policy context it was decided in, with the facts gathered on the host. */
  readonly context?: PolicyContext;
}

const EXCERPT_CHARS = 2000;

export class Executor {
  readonly stateDir: string;
  readonly store: PendingActionStore;
  readonly audit: AuditLog;
  /** Output beyond the cap, by id: `<stateDir>/tool_cache/`. */
  readonly toolCache: ToolCache;
  /** Where runners write a cut stream whole before it moves into the cache. */
  readonly spillDir: string;
  private config: Config;
  private readonly runners: RunnerSource;
  private readonly logger: Logger;
  private readonly now: () => Date;
  private readonly verifyPollMs: number;
  private readonly openIssueUnits: ((host: string) => readonly string[]) | undefined;

  constructor(options: ExecutorOptions) {
    this.config = options.config;
    this.stateDir = options.config.stateDir;
    this.runners = options.runners;
    this.now = options.now ?? (() => new Date());
    this.logger =
      options.logger ??
      createLogger({ level: options.config.logLevel, aiName: options.config.aiName, component: 'executor' });
    this.verifyPollMs = options.verifyPollMs ?? 1000;
    this.openIssueUnits = options.openIssueUnits;
    this.store = new PendingActionStore(this.stateDir);
    this.audit = new AuditLog(join(this.stateDir, 'audit.jsonl'), { now: this.now });
    this.toolCache = options.toolCache ?? ToolCache.fromConfig(options.config);
    this.spillDir = join(this.toolCache.dir, '.spill');
    mkdirSync(this.spillDir, { recursive: true, mode: 0o700 });
  }

  /** A changed configuration (autonomy, critical services, hosts) applies from the next decision on. */
  updateConfig(config: Config): void {
    this.config = config;
  }

  policyContext(): PolicyContext {
    return policyContextFromConfig(this.config, this.openIssueUnits ? { openIssueUnits: this.openIssueUnits } : {});
  }

  /** The decision from the action alone (no facts from the host: a unit is not taken to be failed). */
  evaluate(action: PolicyAction): PolicyRecord {
    const context = this.policyContext();
    return { ...evaluatePolicy(action, context), autonomy: context.autonomy };
  }

  /** The decision with what it needs from the host right now (the state of units it restarts). */
  async assess(action: PolicyAction): Promise<{ decision: PolicyRecord; context: PolicyContext }> {
    const { decision, context } = await assessAction(action, this.policyContext(), this.runners);
    return { decision: { ...decision, autonomy: context.autonomy }, context };
  }

  /**
   * Takes an action request (an LLM tool call plus who asked). Runs it when the policy says run,
   * stores it for approval when it says approval, refuses it otherwise. Invalid input is audited
   * and refused with InvalidActionRequestError.
   */
  async propose(input: unknown): Promise<ActionOutcome> {
    const ref = randomUUID();
    const parsed = actionRequestSchema.safeParse(input);
    if (!parsed.success) {
      const problems = describeIssues(parsed.error);
      this.audit.append({ type: 'proposal', ref, hosts: [], problems, ...originOf(input) });
      throw new InvalidActionRequestError(problems);
    }
    const request = parsed.data;
    const hosts = actionHosts(request);
    const { decision, context } = await this.assess(request);
    const display = this.displays(hosts, request.argv, request.sudo);
    const stored =
      decision.verdict === 'approval'
        ? this.store.create({
            v: 1,
            kind: 'command',
            ref,
            createdAt: this.now().toISOString(),
            expiresAt: this.expiryFromNow(),
            hosts,
            argv: request.argv,
            sudo: request.sudo,
            display,
            reason: request.reason,
            ...(request.explanation !== undefined ? { explanation: request.explanation } : {}),
            requestedBy: request.requestedBy,
            ...(request.verify ? { verify: request.verify } : {}),
            policy: decision,
            status: 'pending',
            discussion: [],
          })
        : undefined;
    try {
      this.auditProposal(ref, stored?.id, request, hosts, display, decision);
    } catch (error) {
      // An action whose proposal is not in the audit log must never be approved or run.
      if (stored) this.store.save({ ...stored, status: 'refused' });
      throw error;
    }
    this.logger.info(
      { ref, actionId: stored?.id, hosts, argv: request.argv, verdict: decision.verdict, risk: decision.risk },
      'action proposed',
    );

    if (decision.verdict === 'deny') return { status: 'refused', ref, decision };
    if (stored) return { status: 'pending', ref, decision, action: this.view(stored) };
    const plan: RunPlan = {
      ref,
      hosts,
      argv: request.argv,
      sudo: request.sudo,
      display,
      request: request.requestedBy,
      ...(request.verify ? { verify: request.verify } : {}),
      approvedByPerson: false,
      context,
    };
    const { runs, verification } = await this.execute(plan);
    return { status: 'executed', ref, decision, ok: outcomeOk(runs, verification), runs, verification };
  }

  /** Stored actions, oldest first, optionally only those in the given states (as of now). */
  list(filter: { status?: ActionStatus | readonly ActionStatus[] } = {}): ActionView[] {
    const wanted = filter.status === undefined ? undefined : ([] as ActionStatus[]).concat(filter.status);
    return this.store
      .list()
      .map((a) => this.view(a))
      .filter((a) => !wanted || wanted.includes(a.status));
  }

  get(id: number): ActionView {
    return this.view(this.load(id));
  }

  /**
   * Approves a pending action and runs it, once: the first decision wins, across processes.
   * The policy is asked again first; if it now refuses (autonomy lowered, unit now critical,
   * risk higher than when proposed), nothing runs.
   */
  async approve(id: number, by: { by: string; note?: string }): Promise<ActionOutcome> {
    const stored = this.claim(id, 'approved', by);
    this.audit.append({
      ...this.entryBase(stored),
      type: 'approval',
      actor: by.by,
      decision: 'approved',
      ...(by.note ? { note: by.note } : {}),
    });
    stored.status = 'approved';
    this.store.save(stored);

    const { decision: now, context } = await this.assess(stored);
    if (now.verdict === 'deny' || riskRank(now.risk) > riskRank(stored.policy.risk)) {
      stored.status = 'refused';
      stored.policyAtExecution = now;
      this.store.save(stored);
      const why =
        now.verdict === 'deny'
          ? now.reason
          : `its risk is now ${now.risk}, graver than the ${stored.policy.risk} that was approved; propose it again`;
      this.audit.append({ ...this.entryBase(stored), type: 'execution-refused', policy: now, note: why });
      this.logger.warn({ actionId: id, reason: why }, 'approved action refused at execution time');
      return { status: 'refused', ref: stored.ref, decision: { ...now, reason: why }, action: this.view(stored) };
    }
    stored.status = 'running';
    stored.policyAtExecution = now;
    this.store.save(stored);

    const { runs, verification } = await this.runStored(stored, context);
    stored.runs = runs.map((r) => this.runRecord(r));
    stored.verification = [...verification];
    const ok = outcomeOk(runs, verification);
    stored.status = ok ? 'succeeded' : 'failed';
    this.store.save(stored);
    return { status: 'executed', ref: stored.ref, decision: now, ok, runs, verification, action: this.view(stored) };
  }

  reject(id: number, by: { by: string; note?: string }): ActionView {
    const stored = this.claim(id, 'rejected', by);
    this.audit.append({
      ...this.entryBase(stored),
      type: 'rejection',
      actor: by.by,
      decision: 'rejected',
      ...(by.note ? { note: by.note } : {}),
    });
    stored.status = 'rejected';
    this.store.save(stored);
    return this.view(stored);
  }

  /** Marks every pending action past its time as expired (audited); returns them. */
  expireDue(): ActionView[] {
    const expired: ActionView[] = [];
    for (const stored of this.store.list()) {
      if (stored.status !== 'pending' || this.store.decision(stored.id) || !this.isPastExpiry(stored)) continue;
      if (this.expire(stored)) expired.push(this.view(stored));
    }
    return expired;
  }

  /** What a discussion about a pending action needs: the request, the reasoning, the policy then and now, what was said so far. */
  discussion(id: number): DiscussionContext {
    const action = this.get(id);
    return {
      action,
      request: action.requestedBy,
      reason: action.reason,
      ...(action.explanation !== undefined ? { explanation: action.explanation } : {}),
      policyAtProposal: action.policy,
      policyNow: this.evaluate(action),
      messages: action.discussion,
      audit: this.audit.find({ ref: action.ref }),
    };
  }

  addDiscussionMessage(id: number, message: { role: 'user' | 'assistant'; text: string }): ActionView {
    const stored = this.load(id);
    stored.discussion.push({ at: this.now().toISOString(), role: message.role, text: message.text });
    this.store.save(stored);
    return this.view(stored);
  }

  /**
   * Proposes a change to the NixOS configuration: {host, diff, reason, explanation?,
   * configuration?, requestedBy}. It is applied on its own branch and built before anyone is
   * asked; one that does not build comes back `invalid` and is never offered for approval.
   */
  proposeNixosChange(input: unknown): Promise<NixosProposalOutcome> {
    return proposeNixosChange(this.nixosContext(), input);
  }

  /** Proposes undoing an applied NixOS change: {method: 'rollback' | 'revert', reason, requestedBy}. Needs approval like the change did. */
  proposeNixosUndo(id: number, input: unknown): Promise<NixosProposalOutcome> {
    return proposeNixosUndo(this.nixosContext(), id, this.load(id), input);
  }

  // ---- internals ----

  private nixosContext(): NixosContext {
    return {
      config: this.config,
      store: this.store,
      audit: this.audit,
      runners: this.runners,
      spillDir: this.spillDir,
      toolCache: this.toolCache,
      now: this.now,
      policyContext: () => this.policyContext(),
      evaluate: (action) => this.evaluate(action),
      displays: (hosts, argv, sudo) => this.displays(hosts, argv, sudo),
      expiryFromNow: () => this.expiryFromNow(),
      view: (stored) => this.view(stored),
    };
  }

  private load(id: number): StoredAction {
    const stored = this.store.get(id);
    if (!stored) throw new ActionNotFoundError(id, this.stateDir);
    return stored;
  }

  /** The stored action with its decision and its status as of now. */
  private view(stored: StoredAction): ActionView {
    const decision = this.store.decision(stored.id);
    let status = stored.status;
    if (status === 'pending') {
      if (decision)
        status =
          decision.decision === 'approved'
            ? processAlive(decision.pid)
              ? 'approved'
              : 'interrupted'
            : decision.decision;
      else if (this.isPastExpiry(stored)) status = 'expired';
    } else if ((status === 'approved' || status === 'running') && decision && !processAlive(decision.pid)) {
      status = 'interrupted';
    }
    return { ...stored, status, ...(decision ? { decision } : {}) };
  }

  /** Takes the one decision on a pending action, or says who took it. */
  private claim(id: number, decision: 'approved' | 'rejected', by: { by: string; note?: string }): StoredAction {
    const stored = this.load(id);
    const existing = this.store.decision(id);
    if (existing?.decision === 'expired') throw new ActionExpiredError(id, stored.expiresAt);
    if (existing) throw new ActionAlreadyDecidedError(id, existing);
    if (stored.status !== 'pending') throw new ActionAlreadyDecidedError(id, { status: stored.status });
    if (this.isPastExpiry(stored)) {
      this.expire(stored);
      throw new ActionExpiredError(id, stored.expiresAt);
    }
    const record: DecisionRecord = {
      decision,
      by: by.by,
      at: this.now().toISOString(),
      ...(by.note ? { note: by.note } : {}),
      pid: process.pid,
    };
    if (!this.store.claimDecision(id, record)) {
      const winner = this.store.decision(id)!;
      if (winner.decision === 'expired') throw new ActionExpiredError(id, stored.expiresAt);
      throw new ActionAlreadyDecidedError(id, winner);
    }
    return stored;
  }

  private expire(stored: StoredAction): boolean {
    const won = this.store.claimDecision(stored.id, {
      decision: 'expired',
      by: 'expiry',
      at: this.now().toISOString(),
      pid: process.pid,
    });
    if (!won) return false;
    this.audit.append({
      ...this.entryBase(stored),
      type: 'expiry',
      decision: 'expired',
      note: `no decision before ${stored.expiresAt}`,
    });
    stored.status = 'expired';
    this.store.save(stored);
    return true;
  }

  private isPastExpiry(stored: StoredAction): boolean {
    return this.now().getTime() >= Date.parse(stored.expiresAt);
  }

  private expiryFromNow(): string {
    return new Date(this.now().getTime() + this.config.approvals.expireAfterHours * 3_600_000).toISOString();
  }

  /** Runs an approved stored action. A NixOS switch runs here and acts on its host through --target-host. */
  private async runStored(
    stored: StoredAction,
    context: PolicyContext,
  ): Promise<{ runs: HostRun[]; verification: VerificationRecord[] }> {
    const nixos = stored.kind !== 'command';
    if (nixos) await rememberCurrentSystem(this.nixosContext(), stored);
    return this.execute({
      ref: stored.ref,
      actionId: stored.id,
      hosts: stored.hosts,
      argv: stored.argv,
      sudo: stored.sudo,
      display: stored.display,
      request: stored.requestedBy,
      ...(stored.verify ? { verify: stored.verify } : {}),
      ...(nixos ? { runsOn: 'local' } : {}),
      approvedByPerson: true,
      context,
    });
  }

  /** Runs the argv on each host in turn, audits each run, then checks the intended effect where there is one. */
  private async execute(plan: RunPlan): Promise<{ runs: HostRun[]; verification: VerificationRecord[] }> {
    const context = plan.context ?? this.policyContext();
    const runs: HostRun[] = [];
    const maxTotalBytes =
      Math.min(this.config.execution.maxOutputTotalMiB, this.config.toolCache.maxTotalMiB) * 1024 * 1024;
    const verification: VerificationRecord[] = [];
    for (const [i, host] of plan.hosts.entries()) {
      const runsOn = plan.runsOn ?? host;
      const classification = classifyCommand(plan.argv, context, runsOn);
      // A NixOS switch runs here with --target-host: its own ssh must reach the host as ours does.
      const env = runsOn !== host ? targetHostEnv(this.config, host) : undefined;
      const command = makeCommand(plan.argv, {
        host: runsOn,
        sudo: plan.sudo,
        ...(env ? { env } : {}),
        timeoutMs: this.timeoutFor(classification) * 1000,
        maxOutputBytes: this.config.execution.maxOutputBytes,
      });
      const run = await runOnHost({
        runner: this.runners.runner(runsOn),
        command,
        display: plan.display[i] ?? plan.argv.join(' '),
        classification,
        context,
        approvedByPerson: plan.approvedByPerson,
        spillDir: this.spillDir,
        cache: this.toolCache,
        maxTotalBytes,
      });
      runs.push(run);
      this.audit.append({ ...planEntry(plan), type: 'execution', host, result: this.resultSummary(run) });
      this.logger.info(
        { ref: plan.ref, host, exitCode: run.result?.exitCode, error: run.error?.code },
        'action executed',
      );
      if (!run.result) continue;
      const spec = plan.verify ?? derivedVerification(classification, this.config);
      if (!spec) continue;
      const outcome = await verifyEffect(this.runners.runner(host), spec, {
        timeoutMs: this.config.execution.verifyTimeoutSec * 1000,
        pollMs: this.verifyPollMs,
        sudo: plan.sudo,
      });
      const record: VerificationRecord = {
        host,
        spec,
        held: outcome.held,
        detail: outcome.detail,
        checkedAt: this.now().toISOString(),
      };
      verification.push(record);
      this.audit.append({
        ...planEntry(plan),
        type: 'verification',
        host,
        verification: { spec, held: outcome.held, detail: outcome.detail },
      });
      if (outcome.held === false)
        this.logger.warn({ ref: plan.ref, host, detail: outcome.detail }, 'the action ran but its effect did not hold');
    }
    return { runs, verification };
  }

  private timeoutFor(classification: Classification): number {
    return classification.match?.shape.slow
      ? this.config.execution.nixBuildTimeoutSec
      : this.config.execution.timeoutSec;
  }

  private displays(hosts: readonly string[], argv: readonly string[], sudo: boolean): string[] {
    return hosts.map((host) => {
      try {
        return displayCommand(makeCommand(argv, { host, sudo }), resolveTarget(host, this.config));
      } catch {
        return argv.join(' ');
      }
    });
  }

  private entryBase(stored: StoredAction): AuditEntryInput {
    return {
      type: 'proposal',
      ref: stored.ref,
      actionId: stored.id,
      hosts: stored.hosts,
      argv: stored.argv,
      display: stored.display,
      request: stored.requestedBy,
    };
  }

  private auditProposal(
    ref: string,
    actionId: number | undefined,
    request: Pick<ActionRequest, 'argv' | 'reason' | 'explanation' | 'requestedBy'>,
    hosts: readonly string[],
    display: readonly string[],
    decision: PolicyRecord,
  ): void {
    const base = {
      ref,
      ...(actionId !== undefined ? { actionId } : {}),
      hosts,
      argv: request.argv,
      display,
      request: request.requestedBy,
    };
    this.audit.append({
      ...base,
      type: 'proposal',
      reason: request.reason,
      ...(request.explanation !== undefined ? { explanation: request.explanation } : {}),
    });
    this.audit.append({ ...base, type: 'verdict', policy: decision });
  }

  private resultSummary(run: HostRun): NonNullable<AuditEntry['result']> {
    const r = run.result;
    if (!r) return { error: { code: run.error?.code ?? 'UNKNOWN', message: run.error?.message ?? 'did not run' } };
    return {
      exitCode: r.exitCode,
      signal: r.signal,
      timedOut: r.timedOut,
      ...(r.outputLimited ? { outputLimited: true } : {}),
      durationMs: r.durationMs,
      truncated: r.truncated,
      stdoutBytes: r.stdoutBytes,
      stderrBytes: r.stderrBytes,
      stdoutExcerpt: r.stdout.slice(0, EXCERPT_CHARS),
      stderrExcerpt: r.stderr.slice(0, EXCERPT_CHARS),
      ...(run.cached ? { cached: run.cached } : {}),
      ...(run.executedArgv ? { executedArgv: [...run.executedArgv] } : {}),
    };
  }

  private runRecord(run: HostRun): HostRunRecord {
    return { host: run.host, display: run.display, startedAt: this.now().toISOString(), ...this.resultSummary(run) };
  }
}

function planEntry(plan: RunPlan): AuditEntryInput {
  return {
    type: 'execution',
    ref: plan.ref,
    ...(plan.actionId !== undefined ? { actionId: plan.actionId } : {}),
    hosts: plan.hosts,
    argv: plan.argv,
    display: plan.display,
    request: plan.request,
  };
}

/** The check that fits the command: a (re)started unit is active, a stopped one inactive, a collected store below the disk threshold. */
export function derivedVerification(classification: Classification, config: Config): VerificationSpec | undefined {
  const hint = classification.match?.shape.verify;
  const units = classification.match?.units ?? [];
  if ((hint === 'units-active' || hint === 'units-inactive') && units.length > 0) {
    return { kind: hint === 'units-active' ? 'unit-active' : 'unit-inactive', units: [...units] };
  }
  if (hint === 'disk-freed') return { kind: 'disk-below', path: '/nix/store', percent: config.thresholds.disk.warnPct };
  return undefined;
}

function outcomeOk(runs: readonly HostRun[], verification: readonly VerificationRecord[]): boolean {
  return runs.every(ranCleanly) && verification.every((v) => v.held !== false);
}

function processAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The origin of an invalid request, when it had a usable one, so even a refused request is traceable. */
function originOf(input: unknown): { request?: RequestOrigin; argv?: string[] } {
  if (typeof input !== 'object' || input === null) return {};
  const value = input as { requestedBy?: { kind?: unknown; text?: unknown }; argv?: unknown };
  const out: { request?: RequestOrigin; argv?: string[] } = {};
  const origin = value.requestedBy;
  if (
    origin &&
    typeof origin.text === 'string' &&
    (origin.kind === 'user' || origin.kind === 'issue' || origin.kind === 'schedule')
  ) {
    out.request = { kind: origin.kind, text: origin.text.slice(0, 20_000) };
  }
  if (Array.isArray(value.argv) && value.argv.every((a) => typeof a === 'string'))
    out.argv = (value.argv as string[]).slice(0, 64).map((a) => a.slice(0, 512));
  return out;
}
