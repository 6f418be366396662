/**
 * Tracked issues as the daemon keeps them and its API returns them: one per (host, finding
 * fingerprint), numbered, with a timeline. Shared by the daemon and the CLI.
 */
import { z } from 'zod';
import { SEVERITIES } from '../config-schema.js';

/** `investigating` is set by the agent while it works on a diagnosis. */
export const ISSUE_STATUSES = ['open', 'investigating', 'resolved'] as const;
export type IssueStatus = (typeof ISSUE_STATUSES)[number];

/** Where the problem was seen: the daemon's own checks, or an Alertmanager alert. */
export const ISSUE_SOURCES = ['check', 'alertmanager'] as const;
export type IssueSource = (typeof ISSUE_SOURCES)[number];

export const TIMELINE_EVENTS = [
  'opened',
  'escalated',
  'deescalated',
  'reopened',
  'action-proposed',
  'action-ran',
  'action-refused',
  'verification',
  'remediation-given-up',
  'remediation-reset',
  'notified',
  'diagnosis',
  'resolved',
] as const;
export type TimelineEvent = (typeof TIMELINE_EVENTS)[number];

export const timelineEntrySchema = z.strictObject({
  at: z.string(),
  event: z.enum(TIMELINE_EVENTS),
  /** One line a person reads. */
  text: z.string(),
  severity: z.enum(SEVERITIES).optional(),
  actionId: z.number().int().optional(),
  cycle: z.number().int().optional(),
});
export type TimelineEntry = z.infer<typeof timelineEntrySchema>;

export const issueSchema = z.strictObject({
  v: z.literal(1),
  id: z.number().int().min(1),
  host: z.string(),
  fingerprint: z.string(),
  source: z.enum(ISSUE_SOURCES),
  /** The finding rule (`failed-unit`) or the alert's name. */
  rule: z.string(),
  subject: z.string(),
  title: z.string(),
  status: z.enum(ISSUE_STATUSES),
  severity: z.enum(SEVERITIES),
  severityHistory: z.array(z.strictObject({ at: z.string(), severity: z.enum(SEVERITIES) })),
  firstSeen: z.string(),
  lastSeen: z.string(),
  /** Checks (or alert notifications) in which the problem was present. */
  occurrences: z.number().int().min(0),
  /** Consecutive checks of an up host in which the finding was absent. */
  absentChecks: z.number().int().min(0),
  resolvedAt: z.string().nullable(),
  /** The latest figures behind it. */
  evidence: z.record(z.string(), z.unknown()),
  timeline: z.array(timelineEntrySchema),
  /** What the agent found; null until it has diagnosed the issue. */
  diagnosis: z.strictObject({ at: z.string(), text: z.string(), by: z.string() }).nullable(),
  remediation: z.strictObject({
    /** Cycle numbers in which a restart ran, newest last. */
    restartCycles: z.array(z.number().int()),
    /** A proposal waiting for a person. */
    pendingActionId: z.number().int().nullable(),
    givenUp: z.boolean(),
    givenUpAt: z.string().nullable(),
    /** A restart the policy does not allow here was noted once. */
    refusedNoted: z.boolean(),
    /** A person rejected the proposed restart: none is proposed again until the issue resolves. */
    declinedBy: z.string().nullable(),
  }),
  notifications: z.strictObject({
    /** When a message about it last went out (queued in the outbox). */
    lastAt: z.string().nullable(),
    /** The severity it was last announced at; null if never announced. */
    severity: z.enum(SEVERITIES).nullable(),
  }),
  /** Bumped on every change; the vector store mirrors the latest. */
  revision: z.number().int().min(1),
});
export type Issue = z.infer<typeof issueSchema>;

const idParam = z.string().regex(/^[1-9][0-9]{0,9}$/, 'must be a positive whole number');
export const issueIdParamsSchema = z.strictObject({ id: idParam });

export const issueListQuerySchema = z.strictObject({
  status: z.enum([...ISSUE_STATUSES, 'active', 'all']).default('active'),
  host: z.string().min(1).max(200).optional(),
  severity: z.enum(SEVERITIES).optional(),
  limit: z.coerce.number().int().min(1).max(10_000).default(200),
});
export type IssueListQuery = z.infer<typeof issueListQuerySchema>;

/** What `GET /v1/issues` returns: newest first, without timelines. */
export type IssueSummary = Omit<Issue, 'timeline' | 'evidence' | 'severityHistory'>;
