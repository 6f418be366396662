/**
 * Request intake: an action request (an LLM tool call plus who asked) is validated, put to the
 * policy and audited before anything else happens; then it runs (verdict run), waits as a
 * numbered pending action (approval), or is refused (deny). An invalid request is audited with
 * its problems, and with its origin where that can be read, so even a refused request is traceable.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { displayOnHosts } from '@ai-sysadmin/command-patterns';
import { entryBase, proposalEntry, verdictEntry } from '../audit/audit-records.js';
import { InvalidActionRequestError } from '../errors/invalid-action-request-error.js';
import { assessAction } from '../execution/assess-action.js';
import { outcomeOk, type RunPlan } from '../execution/execute-plan.js';
import { actionHosts } from '../policy/evaluate-policy.js';
import type { ExecutorParts } from '../executor-parts.js';
import { type RequestOrigin, actionRequestSchema, describeIssues, requestOriginSchema } from './action-request.js';
import type { ActionOutcome } from './action-outcome.js';

export async function proposeAction(parts: ExecutorParts, input: unknown): Promise<ActionOutcome> {
  const { audit, lifecycle, logger } = parts;
  const ref = randomUUID();
  const parsed = actionRequestSchema.safeParse(input);
  if (!parsed.success) {
    const problems = describeIssues(parsed.error);
    audit.append({ type: 'proposal', ref, hosts: [], problems, ...traceOf(input) });
    throw new InvalidActionRequestError(problems);
  }
  const request = parsed.data;
  const hosts = actionHosts(request);
  const { decision, context } = await assessAction(request, parts.policy, parts.runners);
  const display = displayOnHosts(request.argv, hosts, parts.config(), { sudo: request.sudo });
  const plan: RunPlan = {
    ref,
    hosts,
    argv: request.argv,
    sudo: request.sudo,
    display,
    requestedBy: request.requestedBy,
    ...(request.verify ? { verify: request.verify } : {}),
  };
  const stored =
    decision.verdict === 'approval'
      ? lifecycle.create({
          kind: 'command',
          ...plan,
          reason: request.reason,
          ...(request.explanation !== undefined ? { explanation: request.explanation } : {}),
          policy: decision,
          status: 'pending',
        })
      : undefined;
  try {
    const base = entryBase(stored ?? plan);
    audit.append(proposalEntry(base, request));
    audit.append(verdictEntry(base, decision));
  } catch (error) {
    // An action whose proposal is not in the audit log must never be approved or run.
    if (stored) lifecycle.moveTo(stored, 'refused');
    throw error;
  }
  logger.info(
    { ref, actionId: stored?.id, hosts, argv: request.argv, verdict: decision.verdict, risk: decision.risk },
    'action proposed',
  );

  if (decision.verdict === 'deny') return { status: 'refused', ref, decision };
  if (stored) return { status: 'pending', ref, decision, action: lifecycle.view(stored) };
  const outcome = await parts.plans.execute({ ...plan, approvedByPerson: false, context });
  return { status: 'executed', ref, decision, ok: outcomeOk(outcome), ...outcome };
}

/** The parts of an invalid request that can be read: its origin (the kinds requestOriginSchema knows) and its words, cut short. */
const traceSchema = z.object({
  requestedBy: z
    .object({ kind: requestOriginSchema.shape.kind, text: z.string().transform((text) => text.slice(0, 20_000)) })
    .optional()
    .catch(undefined),
  argv: z
    .array(z.string())
    .transform((argv) => argv.slice(0, 64).map((a) => a.slice(0, 512)))
    .optional()
    .catch(undefined),
});

function traceOf(input: unknown): { request?: RequestOrigin; argv?: string[] } {
  const parsed = traceSchema.safeParse(input);
  if (!parsed.success) return {};
  const { requestedBy, argv } = parsed.data;
  return { ...(requestedBy ? { request: requestedBy } : {}), ...(argv ? { argv } : {}) };
}
