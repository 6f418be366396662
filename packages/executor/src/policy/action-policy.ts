/**
 * The policy as the executor asks it: with the configuration as it is now (autonomy and critical
 * units can change between a proposal and its approval), with the units an open issue names (the
 * daemon's issue tracker feeds them), and with the autonomy level recorded beside each decision.
 * `execution/assess-action.ts` adds what only the host can say (the state of units).
 */
import type { AutonomyLevel, Config } from '@ai-sysadmin/core';
import { type PolicyAction, evaluatePolicy } from './evaluate-policy.js';
import { type PolicyContext, policyContextFromConfig } from './policy-context.js';
import type { PolicyDecision } from './risk.js';

/** A policy decision as recorded (pending action, audit entry, outcome): with the autonomy level it was made at. */
export type PolicyRecord = PolicyDecision & { readonly autonomy: AutonomyLevel };

export interface ActionPolicyOptions {
  /** Units an open issue names on a host: restarting one (while it runs) is low risk. Default: none. */
  readonly openIssueUnits?: (host: string) => readonly string[];
}

export class ActionPolicy {
  constructor(
    private readonly config: () => Config,
    private readonly options: ActionPolicyOptions = {},
  ) {}

  context(): PolicyContext {
    return policyContextFromConfig(
      this.config(),
      this.options.openIssueUnits ? { openIssueUnits: this.options.openIssueUnits } : {},
    );
  }

  /** The decision from the action alone (no facts from the host: no unit is taken to be failed). */
  evaluate(action: PolicyAction, context: PolicyContext = this.context()): PolicyRecord {
    return { ...evaluatePolicy(action, context), autonomy: context.autonomy };
  }
}
