/**
 * Runs an action that may run now: the argv on each of its hosts in turn, through the host's
 * runner (spawn locally, its ssh2 connection remotely, always argv), each run audited; then the
 * check of its intended effect, where there is one. A host that cannot be reached is recorded and
 * the others go on.
 */
import { type Config, type Logger, NIX_STORE_DIR, type ToolCache } from '@ai-sysadmin/core';
import { makeCommand } from '@ai-sysadmin/command-patterns';
import type { VerificationSpec } from '../actions/action-request.js';
import type { StoredAction, VerificationRecord } from '../actions/stored-action.js';
import type { AuditLog } from '../audit/audit-log.js';
import { entryBase, runSummary } from '../audit/audit-records.js';
import type { ActionPolicy } from '../policy/action-policy.js';
import { type Classification, classifyCommand } from '../policy/evaluate-policy.js';
import type { PolicyContext } from '../policy/policy-context.js';
import type { RunnerSource } from '../runner/runner-source.js';
import { targetHostEnv } from '../nixos/nixos-argv.js';
import { type HostRun, ranCleanly, runOnHost } from './run-on-host.js';
import { verifyEffect } from './verify-effect.js';

/** What running needs of an action: a stored action is one (see `planOf`). */
export type RunPlan = Pick<StoredAction, 'ref' | 'hosts' | 'argv' | 'sudo' | 'display' | 'requestedBy' | 'verify'> & {
  readonly actionId?: number;
  /** Where the command runs when that is not the host it acts on (`nixos-rebuild --target-host` runs here). */
  readonly runsOn?: string;
  /** A person approved it: a destination outside the allow-list may then be reached. Default: not. */
  readonly approvedByPerson?: boolean;
  /** The policy context it was decided in, with the facts read on the host; default: the current one. */
  readonly context?: PolicyContext;
};

export interface PlanOutcome {
  readonly runs: HostRun[];
  readonly verification: VerificationRecord[];
}

export interface PlanExecutorOptions {
  readonly config: () => Config;
  readonly policy: ActionPolicy;
  readonly runners: RunnerSource;
  readonly audit: AuditLog;
  /** Where output beyond the cap is kept (its spill folder stages cut streams). */
  readonly toolCache: ToolCache;
  readonly logger: Logger;
  readonly now: () => Date;
  /** Time between two verification checks. */
  readonly verifyPollMs: number;
}

/** The plan of a stored action. */
export function planOf(stored: StoredAction, runsOn?: string): RunPlan {
  return {
    ref: stored.ref,
    actionId: stored.id,
    hosts: stored.hosts,
    argv: stored.argv,
    sudo: stored.sudo,
    display: stored.display,
    requestedBy: stored.requestedBy,
    ...(stored.verify ? { verify: stored.verify } : {}),
    ...(runsOn ? { runsOn } : {}),
  };
}

/** Every host ran it cleanly and no verification failed. */
export function outcomeOk({ runs, verification }: PlanOutcome): boolean {
  return runs.every(ranCleanly) && verification.every((v) => v.held !== false);
}

export class PlanExecutor {
  constructor(private readonly parts: PlanExecutorOptions) {}

  async execute(plan: RunPlan): Promise<PlanOutcome> {
    const { audit, logger, runners, toolCache } = this.parts;
    const config = this.parts.config();
    const context = plan.context ?? this.parts.policy.context();
    // Inline and spilled together, never more than the cache may hold.
    const maxTotalBytes = Math.min(config.execution.maxOutputTotalMiB, config.toolCache.maxTotalMiB) * 1024 * 1024;
    const runs: HostRun[] = [];
    const verification: VerificationRecord[] = [];
    for (const [i, host] of plan.hosts.entries()) {
      const runsOn = plan.runsOn ?? host;
      const classification = classifyCommand(plan.argv, context, runsOn);
      // A NixOS switch runs here with --target-host: its own ssh must reach the host as ours does.
      const env = runsOn !== host ? targetHostEnv(config, host) : undefined;
      const command = makeCommand(plan.argv, {
        host: runsOn,
        sudo: plan.sudo,
        ...(env ? { env } : {}),
        timeoutMs: timeoutFor(classification, config) * 1000,
        maxOutputBytes: config.execution.maxOutputBytes,
      });
      const run = await runOnHost({
        runner: runners.runner(runsOn),
        command,
        display: plan.display[i] ?? plan.argv.join(' '),
        classification,
        context,
        approvedByPerson: plan.approvedByPerson ?? false,
        cache: toolCache,
        maxTotalBytes,
      });
      runs.push(run);
      audit.append({ ...entryBase(plan), type: 'execution', host, result: runSummary(run) });
      logger.info({ ref: plan.ref, host, exitCode: run.result?.exitCode, error: run.error?.code }, 'action executed');
      if (!run.result) continue;
      const spec = plan.verify ?? derivedVerification(classification, config);
      if (!spec) continue;
      const outcome = await verifyEffect(runners.runner(host), spec, {
        timeoutMs: config.execution.verifyTimeoutSec * 1000,
        pollMs: this.parts.verifyPollMs,
        sudo: plan.sudo,
      });
      verification.push({
        host,
        spec,
        held: outcome.held,
        detail: outcome.detail,
        checkedAt: this.parts.now().toISOString(),
      });
      audit.append({
        ...entryBase(plan),
        type: 'verification',
        host,
        verification: { spec, held: outcome.held, detail: outcome.detail },
      });
      if (outcome.held === false)
        logger.warn({ ref: plan.ref, host, detail: outcome.detail }, 'the action ran but its effect did not hold');
    }
    return { runs, verification };
  }
}

/** Slow shapes (builds, store verification) get `nixBuildTimeoutSec`; everything else `timeoutSec`. */
function timeoutFor(classification: Classification, config: Config): number {
  return classification.match?.shape.slow ? config.execution.nixBuildTimeoutSec : config.execution.timeoutSec;
}

/** The check that fits the command: a (re)started unit is active, a stopped one inactive, a collected store below the disk threshold. */
export function derivedVerification(classification: Classification, config: Config): VerificationSpec | undefined {
  const hint = classification.match?.shape.verify;
  const units = classification.match?.units ?? [];
  if ((hint === 'units-active' || hint === 'units-inactive') && units.length > 0) {
    return { kind: hint === 'units-active' ? 'unit-active' : 'unit-inactive', units: [...units] };
  }
  if (hint === 'disk-freed')
    return { kind: 'disk-below', path: NIX_STORE_DIR, percent: config.thresholds.disk.warnPct };
  return undefined;
}
