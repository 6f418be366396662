/** One cycle of the daemon as `status` shows it: what was checked, found, done and sent. */
import { z } from 'zod';
import { SEVERITIES } from '../config-schema.js';

export const CYCLE_REASONS = ['startup', 'schedule', 'check', 'trigger'] as const;
export type CycleReason = (typeof CYCLE_REASONS)[number];

const bySeverity = z.strictObject(
  Object.fromEntries(SEVERITIES.map((s) => [s, z.number().int().min(0)])) as Record<
    (typeof SEVERITIES)[number],
    z.ZodNumber
  >,
);

export const cycleRecordSchema = z.strictObject({
  cycle: z.number().int().min(1),
  reasons: z.array(z.enum(CYCLE_REASONS)),
  startedAt: z.string(),
  finishedAt: z.string(),
  durationMs: z.number().min(0),
  /** The part spent snapshotting hosts. */
  checkDurationMs: z.number().min(0),
  hosts: z.array(
    z.strictObject({
      host: z.string(),
      status: z.enum(['up', 'down']),
      checkable: z.boolean(),
      reason: z.string().nullable(),
      /** What to do about a host that is down (the executor's hint); absent in records written before it was kept. */
      hint: z.string().nullable().optional(),
    }),
  ),
  findings: bySeverity,
  issues: z.strictObject({
    opened: z.number().int(),
    escalated: z.number().int(),
    reopened: z.number().int(),
    resolved: z.number().int(),
    open: z.number().int(),
  }),
  actions: z.array(
    z.strictObject({
      issueId: z.number().int(),
      host: z.string(),
      argv: z.array(z.string()),
      outcome: z.enum(['ran', 'failed', 'pending', 'refused', 'given-up', 'error']),
      actionId: z.number().int().nullable(),
      detail: z.string(),
    }),
  ),
  messages: z.strictObject({ queued: z.number().int() }),
  /** What was down during the cycle (a host, Redis, ChromaDB, Gotify...), one line each. */
  problems: z.array(z.string()),
});
export type CycleRecord = z.infer<typeof cycleRecordSchema>;
