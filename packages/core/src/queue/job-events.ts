/**
 * What a job tells its producer while it runs, in order, on the job's Redis stream
 * (LlmQueueKeys.jobEvents). A stream rather than pub/sub: entries stay until their TTL, so a
 * producer that connects late or reconnects after a Redis blip reads on from the last id it saw
 * and loses nothing; pub/sub would drop whatever was published while it was away.
 *
 * `attempt` counts starts of the job (BullMQ's attemptsStarted). When a new attempt starts after
 * a retry or after the worker died, the tokens of the earlier attempt are void: the producer
 * starts the answer over.
 */
import { z } from 'zod';

/** An error as it crosses the queue: the class name and code pick the class again on the other side. */
export const wireErrorSchema = z.object({
  name: z.string(),
  code: z.string(),
  message: z.string(),
  hint: z.string().optional(),
  details: z.record(z.string(), z.unknown()).optional(),
});
export type WireError = z.infer<typeof wireErrorSchema>;

const attempt = z.number().int().min(1);

export const jobEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('started'), attempt }),
  /** Generated text, in order. */
  z.object({ type: z.literal('token'), attempt, text: z.string() }),
  /** Work done so far on a long job (summary chunks). */
  z.object({
    type: z.literal('progress'),
    attempt,
    stage: z.enum(['reduce', 'chunk', 'merge']),
    done: z.number().int().min(0),
    total: z.number().int().min(0),
    message: z.string(),
  }),
  /** This attempt failed with an error that may pass; the job runs again after delayMs. */
  z.object({ type: z.literal('retrying'), attempt, delayMs: z.number().min(0), error: wireErrorSchema }),
  /** The worker stopped (shutdown) and put the job back in the queue; another attempt follows. */
  z.object({ type: z.literal('requeued'), attempt, reason: z.string() }),
  /** The final result. Exactly one terminal event (done or failed) is ever written per job. */
  z.object({ type: z.literal('done'), attempt, result: z.unknown() }),
  z.object({ type: z.literal('failed'), attempt, error: wireErrorSchema }),
]);
export type JobEvent = z.infer<typeof jobEventSchema>;
export type JobEventType = JobEvent['type'];

export function isTerminalEvent(event: JobEvent): event is Extract<JobEvent, { type: 'done' | 'failed' }> {
  return event.type === 'done' || event.type === 'failed';
}

/** The stream entry's only field holds the event as JSON. */
export const JOB_EVENT_FIELD = 'e';
