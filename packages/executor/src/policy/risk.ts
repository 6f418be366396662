/**
 * Risk classes and verdicts. Every action gets exactly one risk; the autonomy level then decides
 * whether it runs, waits for a person, or never runs.
 */
export const RISK_CLASSES = ['read-only', 'low', 'medium', 'high', 'forbidden'] as const;
export type Risk = (typeof RISK_CLASSES)[number];

/** What happens to an action: it runs now, waits for a person's approval, or is refused. */
export const VERDICTS = ['run', 'approval', 'deny'] as const;
export type Verdict = (typeof VERDICTS)[number];

export interface PolicyDecision {
  readonly verdict: Verdict;
  readonly risk: Risk;
  /** One or two sentences a person can act on: what was matched and why it gets this verdict. */
  readonly reason: string;
}

export function riskRank(risk: Risk): number {
  return RISK_CLASSES.indexOf(risk);
}

/** The graver of two risks. */
export function graverRisk(a: Risk, b: Risk): Risk {
  return riskRank(a) >= riskRank(b) ? a : b;
}
