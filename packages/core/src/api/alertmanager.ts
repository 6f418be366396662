/**
 * Alertmanager's webhook payload, version 4 (prometheus/alertmanager notify/webhook): firing
 * alerts become issues, resolved alerts resolve them.
 */
import { z } from 'zod';

const labels = z.record(z.string(), z.string());

export const alertSchema = z.object({
  status: z.enum(['firing', 'resolved']),
  labels: labels.refine((l) => typeof l.alertname === 'string' && l.alertname !== '', 'must hold an alertname'),
  annotations: labels.default({}),
  startsAt: z.string(),
  endsAt: z.string().optional(),
  generatorURL: z.string().optional(),
  fingerprint: z.string().optional(),
});
export type Alert = z.infer<typeof alertSchema>;

export const alertmanagerPayloadSchema = z.object({
  version: z.literal('4', { error: 'must be "4": only Alertmanager\'s webhook payload version 4 is understood' }),
  groupKey: z.string(),
  truncatedAlerts: z.number().int().min(0).default(0),
  status: z.enum(['firing', 'resolved']),
  receiver: z.string(),
  groupLabels: labels.default({}),
  commonLabels: labels.default({}),
  commonAnnotations: labels.default({}),
  externalURL: z.string().default(''),
  alerts: z.array(alertSchema).max(10_000),
});
export type AlertmanagerPayload = z.infer<typeof alertmanagerPayloadSchema>;
