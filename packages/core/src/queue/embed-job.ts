/** The `embed` job: texts in, one vector per text out (for the knowledge base). */
import { z } from 'zod';
import { jobTimeoutMs } from './chat-job.js';

export const embedJobDataSchema = z.strictObject({
  texts: z.array(z.string().min(1, 'an empty text has no embedding')).min(1).max(1024),
  /** The config's `embedModel` when absent. */
  model: z.string().min(1).max(200).optional(),
  timeoutMs: jobTimeoutMs.optional(),
});
export type EmbedJobInput = z.input<typeof embedJobDataSchema>;
export type EmbedJobData = z.output<typeof embedJobDataSchema>;

export const embedJobResultSchema = z
  .strictObject({
    model: z.string(),
    embeddings: z.array(z.array(z.number())),
    dimensions: z.number().int().min(1),
    promptTokens: z.number().int().min(0),
  })
  .refine((r) => r.embeddings.every((v) => v.length === r.dimensions), {
    message: 'every vector must have the same number of dimensions',
    path: ['embeddings'],
  });
export type EmbedJobResult = z.infer<typeof embedJobResultSchema>;
