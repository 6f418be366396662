/**
 * The `summarize` job: a large text (usually a log) in, a short summary out. The text travels
 * inline or, when it is already on disk, as a ToolCache id; either way the worker keeps the full
 * text in the cache and answers with its id, so every line stays retrievable by page.
 */
import { z } from 'zod';
import { jobTimeoutMs } from './chat-job.js';
import { toolCacheIdSchema } from '../tool-cache-id.js';

export const summarizeJobDataSchema = z
  .strictObject({
    text: z.string().optional(),
    cacheId: toolCacheIdSchema.optional(),
    /** What the text is, for the model and the reader: "journalctl -p warning on web1, last hour". */
    title: z.string().min(1).max(300).optional(),
    /** What to look for, e.g. "why did nginx restart". */
    focus: z.string().min(1).max(2000).optional(),
    model: z.string().min(1).max(200).optional(),
    timeoutMs: jobTimeoutMs.optional(),
  })
  .refine((d) => (d.text === undefined) !== (d.cacheId === undefined), {
    message: 'give exactly one of text and cacheId',
    path: ['text'],
  });
export type SummarizeJobInput = z.input<typeof summarizeJobDataSchema>;
export type SummarizeJobData = z.output<typeof summarizeJobDataSchema>;

export const summarizeJobResultSchema = z.strictObject({
  summary: z.string(),
  /** The full text in the ToolCache, readable by page. */
  cacheId: toolCacheIdSchema,
  lines: z.number().int().min(0),
  bytes: z.number().int().min(0),
  /** Distinct message templates found by the deterministic reduction. */
  templates: z.number().int().min(0),
  /** Templates left out to stay within the token budget (still in the cached text). */
  omittedTemplates: z.number().int().min(0),
  /** Estimated tokens of the reduced text that was sent to the model. */
  reducedTokens: z.number().int().min(0),
  chunks: z.number().int().min(0),
  llmCalls: z.number().int().min(0),
  /** As Ollama counted them, summed over every call. */
  promptTokens: z.number().int().min(0),
  completionTokens: z.number().int().min(0),
});
export type SummarizeJobResult = z.infer<typeof summarizeJobResultSchema>;
