/**
 * Approval: the first decision wins (across processes), the policy is asked again with the
 * configuration as it is now, and only then does the action run, once. A deny now (autonomy
 * lowered, unit now critical), or a risk graver than the one approved, refuses it.
 */
import { LOCAL_HOST } from '@ai-sysadmin/core';
import { entryBase, hostRunRecord } from '../audit/audit-records.js';
import { assessAction } from '../execution/assess-action.js';
import { outcomeOk, planOf } from '../execution/execute-plan.js';
import type { ExecutorParts } from '../executor-parts.js';
import type { PolicyRecord } from '../policy/action-policy.js';
import { riskRank } from '../policy/risk.js';
import type { Decider } from './action-lifecycle.js';
import type { ActionOutcome } from './action-outcome.js';
import type { StoredAction } from './stored-action.js';

export async function approveAction(parts: ExecutorParts, id: number, by: Decider): Promise<ActionOutcome> {
  const { audit, lifecycle, logger } = parts;
  const approved = lifecycle.approve(id, by);
  const { decision: now, context } = await assessAction(approved, parts.policy, parts.runners);
  const refusal = refusalAtExecution(approved, now);
  if (refusal) {
    const refused = lifecycle.moveTo(approved, 'refused', { policyAtExecution: now });
    audit.append({ ...entryBase(refused), type: 'execution-refused', policy: now, note: refusal });
    logger.warn({ actionId: id, reason: refusal }, 'approved action refused at execution time');
    return {
      status: 'refused',
      ref: refused.ref,
      decision: { ...now, reason: refusal },
      action: lifecycle.view(refused),
    };
  }
  let running = lifecycle.moveTo(approved, 'running', { policyAtExecution: now });
  // A NixOS switch runs here and acts on its host through --target-host.
  const nixos = running.kind !== 'command';
  if (nixos) running = await parts.nixos.rememberCurrentSystem(running);
  const outcome = await parts.plans.execute({
    ...planOf(running, nixos ? LOCAL_HOST : undefined),
    approvedByPerson: true,
    context,
  });
  const ok = outcomeOk(outcome);
  const done = lifecycle.moveTo(running, ok ? 'succeeded' : 'failed', {
    runs: outcome.runs.map((r) => hostRunRecord(r, parts.now().toISOString())),
    verification: [...outcome.verification],
  });
  return { status: 'executed', ref: done.ref, decision: now, ok, ...outcome, action: lifecycle.view(done) };
}

/** Why an approved action may not run now, or undefined when it may. */
function refusalAtExecution(approved: StoredAction, now: PolicyRecord): string | undefined {
  if (now.verdict === 'deny') return now.reason;
  if (riskRank(now.risk) > riskRank(approved.policy.risk)) {
    return `its risk is now ${now.risk}, graver than the ${approved.policy.risk} that was approved; propose it again`;
  }
  return undefined;
}
