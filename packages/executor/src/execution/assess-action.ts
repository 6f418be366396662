/**
 * The policy's decision with the facts it needs from the host: for a unit start or restart, the
 * units' states there right now (`systemctl is-active`). Asked when an action is proposed and
 * again when an approved action is about to run, so the restart of a unit that has recovered in
 * the meantime is judged as what it is now.
 */
import type { ActionPolicy, PolicyRecord } from '../policy/action-policy.js';
import { type Classification, type PolicyAction, actionHosts, classifyCommand } from '../policy/evaluate-policy.js';
import type { PolicyContext } from '../policy/policy-context.js';
import type { UnitActiveState } from '../policy/unit-facts.js';
import { gatherUnitStates } from './gather-unit-states.js';
import type { RunnerSource } from '../runner/runner-source.js';

export async function assessAction(
  action: PolicyAction,
  policy: ActionPolicy,
  runners: RunnerSource,
): Promise<{ decision: PolicyRecord; context: PolicyContext }> {
  const context = await withUnitStates(action, policy.context(), runners);
  return { decision: policy.evaluate(action, context), context };
}

/** The context with the states of the units the action starts or restarts, on each of its hosts. */
export async function withUnitStates(
  action: PolicyAction,
  context: PolicyContext,
  runners: RunnerSource,
): Promise<PolicyContext> {
  const hosts = actionHosts(action);
  const first: Classification = classifyCommand(action.argv, context, hosts[0]);
  const match = first.match;
  if (!match?.shape.unitChange || match.units.length === 0) return context;
  const states = new Map<string, ReadonlyMap<string, UnitActiveState>>(context.unitStates ?? []);
  for (const host of hosts) {
    if (context.knownHosts && !context.knownHosts.includes(host)) continue;
    try {
      states.set(host, await gatherUnitStates(runners.runner(host), match.units));
    } catch {
      // a host whose runner cannot be made has no states: nothing counts as failed there
    }
  }
  return { ...context, unitStates: states };
}
