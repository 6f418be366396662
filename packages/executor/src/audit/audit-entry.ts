/**
 * One line of the audit log. Every entry carries the original request (the user's words or the
 * issue), so any action can be traced to why it was asked for.
 */
import type { AutonomyLevel } from '@ai-sysadmin/core';
import type { RequestOrigin, VerificationSpec } from '../actions/action-request.js';
import type { Decision, RunSummary } from '../actions/stored-action.js';
import type { PolicyDecision } from '../policy/risk.js';

export const AUDIT_ENTRY_TYPES = [
  'proposal', // an action was asked for (valid or not)
  'verdict', // what the policy said about it
  'approval',
  'rejection',
  'expiry',
  'execution-refused', // approved, but the policy says no at execution time
  'execution', // it ran on one host (or could not start there)
  'verification', // whether its intended effect held on one host
  'nixos-validation', // a NixOS change was built (or failed to build) before asking for approval
  'interrupted',
] as const;
export type AuditEntryType = (typeof AUDIT_ENTRY_TYPES)[number];

export interface AuditEntry {
  readonly v: 1;
  readonly at: string;
  readonly type: AuditEntryType;
  /** Correlates every entry of one proposal. */
  readonly ref: string;
  /** The pending action's number, when it was stored for approval. */
  readonly actionId?: number;
  readonly hosts: readonly string[];
  readonly argv?: readonly string[];
  /** The command as a person reads it, per host. */
  readonly display?: readonly string[];
  /** The original request: the user's prompt or the issue. */
  readonly request?: RequestOrigin;
  /** Why the LLM (or the person) proposed it. */
  readonly reason?: string;
  readonly explanation?: string;
  readonly policy?: PolicyDecision & { readonly autonomy: AutonomyLevel };
  /** Who approved or rejected, and their note. */
  readonly actor?: string;
  readonly decision?: Decision;
  readonly note?: string;
  /** For an execution or verification on one host. */
  readonly host?: string;
  readonly result?: RunSummary;
  readonly verification?: { readonly spec: VerificationSpec; readonly held: boolean | null; readonly detail: string };
  /** Problems with a request that was refused before it was understood. */
  readonly problems?: readonly string[];
  /** A NixOS change: the files it touches, and the system it built. */
  readonly nixos?: {
    readonly files?: readonly string[];
    readonly outPath?: string;
    readonly branch?: string;
    readonly undoes?: number;
    readonly method?: string;
  };
}

export type AuditEntryInput = Omit<AuditEntry, 'v' | 'at'>;
