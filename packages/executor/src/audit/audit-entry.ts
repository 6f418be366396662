/**
 * One line of the audit log: a discriminated union on `type`, one schema per kind of entry, so a
 * reader knows which fields each kind has. Every entry carries the proposal's `ref`, the hosts and
 * (once known) the original request, so any action can be traced to why it was asked for.
 *
 * A new kind of entry (the daemon's notifications, the agent's decisions) is a new member here.
 * Reading validates each line against its member; one that fits none is reported as corrupt.
 */
import { z } from 'zod';
import { AUTONOMY_LEVELS } from '@ai-sysadmin/core';
import { REQUEST_KINDS, type RequestOrigin, type VerificationSpec } from '../actions/action-request.js';
import type { PolicyRecord } from '../policy/action-policy.js';
import { RISK_CLASSES, VERDICTS } from '../policy/risk.js';

// Parts written from data the executor validated already: read back as they were written,
// without the limits that apply to input from outside.
const requestSchema = z.custom<RequestOrigin>(
  (v) =>
    typeof v === 'object' &&
    v !== null &&
    REQUEST_KINDS.includes((v as RequestOrigin).kind) &&
    typeof (v as RequestOrigin).text === 'string',
  'must be a request origin {kind, text}',
);
const verificationSpecSchema = z.custom<VerificationSpec>(
  (v) => typeof v === 'object' && v !== null && typeof (v as VerificationSpec).kind === 'string',
  'must be a verification spec',
);

export const policyRecordSchema: z.ZodType<PolicyRecord> = z.looseObject({
  verdict: z.enum(VERDICTS),
  risk: z.enum(RISK_CLASSES),
  reason: z.string(),
  autonomy: z.enum(AUTONOMY_LEVELS),
});

/** What a run on one host came to, without its output (the caller got that; the ToolCache keeps what was cut). */
export const runSummarySchema = z.object({
  exitCode: z.number().nullable().optional(),
  signal: z.string().nullable().optional(),
  timedOut: z.boolean().optional(),
  /** Stopped because its output reached execution.maxOutputTotalMiB. */
  outputLimited: z.boolean().optional(),
  durationMs: z.number().optional(),
  truncated: z.boolean().optional(),
  stdoutBytes: z.number().optional(),
  stderrBytes: z.number().optional(),
  stdoutExcerpt: z.string().optional(),
  stderrExcerpt: z.string().optional(),
  /** ToolCache ids of the whole of a stream that was cut. */
  cached: z.object({ stdout: z.string().optional(), stderr: z.string().optional() }).optional(),
  /** Why it could not run on this host (unreachable, a symlink to a secret, a device, a name resolving to a metadata address). */
  error: z.object({ code: z.string(), message: z.string() }).optional(),
  /** The argv that ran, where the checks on the host gave it another form (a resolved path, a pinned address). */
  executedArgv: z.array(z.string()).optional(),
});
export type RunSummary = z.output<typeof runSummarySchema>;

/** Fields of every entry. */
const base = {
  v: z.literal(1),
  at: z.string(),
  /** Correlates every entry of one proposal. */
  ref: z.string(),
  /** The pending action's number, when it was stored for approval. */
  actionId: z.number().int().optional(),
  hosts: z.array(z.string()),
  argv: z.array(z.string()).optional(),
  /** The command as a person reads it, per host. */
  display: z.array(z.string()).optional(),
  /** The original request: the user's prompt or the issue. */
  request: requestSchema.optional(),
};

const nixosFilesSchema = z.object({
  /** The files a change touches. */
  files: z.array(z.string()).optional(),
  branch: z.string().optional(),
  /** The system it built. */
  outPath: z.string().optional(),
  /** For an undo: the change it undoes, and how. */
  undoes: z.number().int().optional(),
  method: z.string().optional(),
});

/** An action was asked for (valid or not). */
export const proposalEntrySchema = z.object({
  ...base,
  type: z.literal('proposal'),
  /** Why the LLM (or the person) proposed it. */
  reason: z.string().optional(),
  explanation: z.string().optional(),
  /** Problems with a request that was refused before it was understood. */
  problems: z.array(z.string()).optional(),
  nixos: nixosFilesSchema.optional(),
});

/** What the policy said about it. */
export const verdictEntrySchema = z.object({ ...base, type: z.literal('verdict'), policy: policyRecordSchema });

/** A person decided: who, and their note. */
const decidedBy = <T extends string, D extends string>(type: T, decision: D) =>
  z.object({
    ...base,
    type: z.literal(type),
    actor: z.string(),
    decision: z.literal(decision),
    note: z.string().optional(),
  });

/** A person approved it. */
export const approvalEntrySchema = decidedBy('approval', 'approved');

/** A person rejected it. */
export const rejectionEntrySchema = decidedBy('rejection', 'rejected');

/** Nobody decided before it expired. */
export const expiryEntrySchema = z.object({
  ...base,
  type: z.literal('expiry'),
  decision: z.literal('expired'),
  note: z.string(),
});

/** Approved, but the policy says no at execution time. */
export const executionRefusedEntrySchema = z.object({
  ...base,
  type: z.literal('execution-refused'),
  policy: policyRecordSchema,
  note: z.string(),
});

/** It ran on one host (or could not start there). */
export const executionEntrySchema = z.object({
  ...base,
  type: z.literal('execution'),
  host: z.string(),
  result: runSummarySchema,
});

/** Whether its intended effect held on one host. */
export const verificationEntrySchema = z.object({
  ...base,
  type: z.literal('verification'),
  host: z.string(),
  verification: z.object({ spec: verificationSpecSchema, held: z.boolean().nullable(), detail: z.string() }),
});

/** A NixOS change was built (or failed to build) before asking for approval. */
export const nixosValidationEntrySchema = z.object({
  ...base,
  type: z.literal('nixos-validation'),
  result: runSummarySchema.optional(),
  note: z.string().optional(),
  nixos: nixosFilesSchema.optional(),
});

/** An approved action whose process ended before it finished; it is never rerun by itself. */
export const interruptedEntrySchema = z.object({
  ...base,
  type: z.literal('interrupted'),
  note: z.string().optional(),
});

/** The daemon wrote a notification to its outbox, for every notifier configured (none: it was only logged). */
export const notificationEntrySchema = z.object({
  ...base,
  type: z.literal('notification'),
  seq: z.number().int(),
  title: z.string(),
  priority: z.number().int(),
  targets: z.array(z.string()),
  issueIds: z.array(z.number().int()),
});

/** Rule-based remediation of an issue: its circuit breaker opened (`given-up`), or a person reset it. */
export const remediationEntrySchema = z.object({
  ...base,
  type: z.literal('remediation'),
  issueId: z.number().int(),
  event: z.enum(['given-up', 'reset']),
  actor: z.string().optional(),
  note: z.string(),
});

export const auditEntrySchema = z.discriminatedUnion('type', [
  proposalEntrySchema,
  verdictEntrySchema,
  approvalEntrySchema,
  rejectionEntrySchema,
  expiryEntrySchema,
  executionRefusedEntrySchema,
  executionEntrySchema,
  verificationEntrySchema,
  nixosValidationEntrySchema,
  interruptedEntrySchema,
  notificationEntrySchema,
  remediationEntrySchema,
]);

type ParsedEntry = z.output<typeof auditEntrySchema>;
type KeysOfAny<T> = T extends unknown ? keyof T : never;
/**
 * Each member also says it lacks the other members' fields (`reason?: never` on a verdict), so a
 * reader of a mixed list may ask any entry for any field and get undefined where it has none.
 */
type Exclusive<T, K extends PropertyKey = KeysOfAny<T>> = T extends unknown
  ? T & { readonly [P in Exclude<K, keyof T>]?: never }
  : never;
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

export type AuditEntry = Exclusive<ParsedEntry>;
export type AuditEntryType = AuditEntry['type'];
export const AUDIT_ENTRY_TYPES: readonly AuditEntryType[] = auditEntrySchema.options.map((o) => o.shape.type.value);
/** An entry of one type. */
export type AuditEntryOf<T extends AuditEntryType> = Extract<AuditEntry, { type: T }>;
/** What a caller appends: the log adds `v` and `at`. */
export type AuditEntryInput = DistributiveOmit<ParsedEntry, 'v' | 'at'>;
/** The fields every entry of one action shares: ref, action number, hosts, argv, display, request. */
export type AuditEntryBase = Omit<z.output<z.ZodObject<typeof base>>, 'v' | 'at'>;
