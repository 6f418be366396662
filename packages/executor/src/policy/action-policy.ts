/**
 * The policy as the executor asks it: with the configuration as it is now (autonomy and critical
 * units can change between a proposal and its approval), and with the autonomy level recorded
 * beside each decision.
 */
import type { AutonomyLevel, Config } from '@ai-sysadmin/core';
import { type PolicyAction, evaluatePolicy } from './evaluate-policy.js';
import { type PolicyContext, policyContextFromConfig } from './policy-context.js';
import type { PolicyDecision } from './risk.js';

/** A policy decision as recorded (pending action, audit entry, outcome): with the autonomy level it was made at. */
export type PolicyRecord = PolicyDecision & { readonly autonomy: AutonomyLevel };

export class ActionPolicy {
  constructor(private readonly config: () => Config) {}

  context(): PolicyContext {
    return policyContextFromConfig(this.config());
  }

  evaluate(action: PolicyAction): PolicyRecord {
    const context = this.context();
    return { ...evaluatePolicy(action, context), autonomy: context.autonomy };
  }
}
