/** What a discussion about a pending action needs, and the messages said in it so far. */
import type { AuditEntry } from '../audit/audit-entry.js';
import type { ExecutorParts } from '../executor-parts.js';
import type { PolicyRecord } from '../policy/action-policy.js';
import type { RequestOrigin } from './action-request.js';
import type { ActionView, DiscussionMessage } from './stored-action.js';

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

/** The request, the reasoning, the policy then and now, what was said so far, and the action's audit trail. */
export function discussionOf(parts: ExecutorParts, id: number): DiscussionContext {
  const action = parts.lifecycle.view(parts.lifecycle.load(id));
  return {
    action,
    request: action.requestedBy,
    reason: action.reason,
    ...(action.explanation !== undefined ? { explanation: action.explanation } : {}),
    policyAtProposal: action.policy,
    policyNow: parts.policy.evaluate(action),
    messages: action.discussion,
    audit: parts.audit.find({ ref: action.ref }),
  };
}

export function addDiscussionMessage(
  parts: ExecutorParts,
  id: number,
  message: { role: 'user' | 'assistant'; text: string },
): ActionView {
  const stored = parts.lifecycle.load(id);
  const updated = parts.lifecycle.update(stored, {
    discussion: [...stored.discussion, { at: parts.now().toISOString(), role: message.role, text: message.text }],
  });
  return parts.lifecycle.view(updated);
}
