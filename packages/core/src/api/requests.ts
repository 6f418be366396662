/**
 * Bodies and queries the daemon's API accepts, validated with these schemas on the daemon side
 * (fastify-type-provider-zod) and used by the CLI to build its requests.
 */
import { z } from 'zod';
import { LOG_SOURCES } from './api-enums.js';

const hostName = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be "local" or the name of a managed system');
/** A systemd unit name as `%n` gives it: `nginx.service`, `backup@daily.service`. */
export const unitNameSchema = z
  .string()
  .min(1)
  .max(256)
  .regex(/^[A-Za-z0-9:_.@\\-]+$/, 'must be a systemd unit name (letters, digits and :_.@\\-)');

export const checkRequestSchema = z.strictObject({
  /** Managed systems to check besides this machine; all of them when absent. */
  hosts: z.array(hostName).max(1024).optional(),
});
export type CheckRequest = z.infer<typeof checkRequestSchema>;

export const triggerRequestSchema = z.strictObject({
  kind: z.literal('unit-failed'),
  unit: unitNameSchema,
  host: hostName.default('local'),
});
export type TriggerRequest = z.input<typeof triggerRequestSchema>;

export const notifyRequestSchema = z.strictObject({
  title: z.string().trim().min(1).max(250).optional(),
  message: z.string().trim().min(1, 'must not be empty').max(10_000),
  /** Gotify priority 0-10 (8 and above: critical, 4-7: attention, 1-3: info). */
  priority: z.number().int().min(0).max(10).default(5),
});
export type NotifyRequest = z.input<typeof notifyRequestSchema>;

export const decideRequestSchema = z.strictObject({
  /** Who decided: the CLI sends the user's name. */
  by: z.string().trim().min(1).max(200),
  note: z.string().max(2000).optional(),
});
export type DecideRequest = z.infer<typeof decideRequestSchema>;

export const approvalListQuerySchema = z.strictObject({
  status: z.enum(['pending', 'all']).default('pending'),
});

export const logsQuerySchema = z.strictObject({
  source: z.enum(LOG_SOURCES).default('orchestrator'),
  lines: z.coerce.number().int().min(1).max(100_000).default(200),
  /** Only entries written at or after this time (ISO 8601): what `logs --since` and `logs -f` ask for. */
  since: z.iso.datetime({ offset: true }).optional(),
});
export type LogsQuery = z.infer<typeof logsQuerySchema>;
