/**
 * An action as the pending-action store keeps it: what was asked, by whom and why, what the policy
 * said then, and everything that happened to it since. Plain JSON, one file per action.
 */
import type { RunSummary } from '../audit/audit-entry.js';
import type { PolicyRecord } from '../policy/action-policy.js';
import type { RequestOrigin, VerificationSpec } from './action-request.js';

export type { RunSummary };

export type ActionStatus =
  /** A NixOS change being built before anyone is asked. */
  | 'validating'
  /** A NixOS change that did not apply or did not build: never offered for approval. */
  | 'invalid'
  | 'pending'
  | 'approved'
  | 'running'
  | 'succeeded'
  | 'failed'
  | 'rejected'
  | 'expired'
  | 'refused'
  | 'interrupted';

export type Decision = 'approved' | 'rejected' | 'expired';

export interface DecisionRecord {
  readonly decision: Decision;
  readonly by: string;
  readonly at: string;
  readonly note?: string;
  /** The process that made the decision (an approval's process is the one that runs it). */
  readonly pid: number;
}

export interface DiscussionMessage {
  readonly at: string;
  readonly role: 'user' | 'assistant';
  readonly text: string;
}

/** One host's run, as the pending-action store keeps it. */
export interface HostRunRecord extends RunSummary {
  readonly host: string;
  readonly display: string;
  readonly startedAt: string;
}

export interface VerificationRecord {
  readonly host: string;
  readonly spec: VerificationSpec;
  /** null: there is nothing to check for this action. */
  readonly held: boolean | null;
  readonly detail: string;
  readonly checkedAt: string;
}

export interface NixosChangeInfo {
  /** The flake attribute: nixosConfigurations.<configuration>. */
  readonly configuration: string;
  readonly diff: string;
  readonly diffPath: string;
  readonly worktree: string;
  readonly branch: string;
  readonly baseCommit: string;
  readonly changeCommit: string;
  readonly files: readonly string[];
  /** The system built during validation. */
  readonly outPath: string;
  /** /run/current-system before the switch, for verifying a rollback. */
  previousSystem?: string;
  /** For an undo: the change it undoes, and how. */
  readonly undoes?: { readonly actionId: number; readonly method: 'rollback' | 'revert' };
}

export interface StoredAction {
  readonly v: 1;
  readonly id: number;
  readonly kind: 'command' | 'nixos-change' | 'nixos-undo';
  /** Correlates this action's audit entries. */
  readonly ref: string;
  readonly createdAt: string;
  readonly expiresAt: string;
  readonly hosts: readonly string[];
  readonly argv: readonly string[];
  readonly sudo: boolean;
  /** What a person sees for each host: `ssh -i ... root@10.0.0.5 systemctl restart nginx`. */
  readonly display: readonly string[];
  readonly reason: string;
  readonly explanation?: string;
  readonly requestedBy: RequestOrigin;
  readonly verify?: VerificationSpec;
  readonly policy: PolicyRecord;
  status: ActionStatus;
  policyAtExecution?: PolicyRecord;
  runs?: HostRunRecord[];
  verification?: VerificationRecord[];
  discussion: DiscussionMessage[];
  nixos?: NixosChangeInfo;
  /** For a NixOS change: the undo action proposed for it. */
  undoneBy?: number;
}

/** The action as callers see it: the stored record with the decision and the status as of now. */
export interface ActionView extends StoredAction {
  readonly decision?: DecisionRecord;
}
