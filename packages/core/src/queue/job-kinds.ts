/** The kinds of LLM job, each with the schema of its data and of its result. */
import type { z } from 'zod';
import { chatJobDataSchema, chatJobResultSchema } from './chat-job.js';
import { embedJobDataSchema, embedJobResultSchema } from './embed-job.js';
import { summarizeJobDataSchema, summarizeJobResultSchema } from './summarize-job.js';

export const JOB_KINDS = ['chat', 'summarize', 'embed'] as const;
export type JobKind = (typeof JOB_KINDS)[number];

export const jobDataSchemas = {
  chat: chatJobDataSchema,
  summarize: summarizeJobDataSchema,
  embed: embedJobDataSchema,
} as const;

export const jobResultSchemas = {
  chat: chatJobResultSchema,
  summarize: summarizeJobResultSchema,
  embed: embedJobResultSchema,
} as const;

export type JobInput<K extends JobKind> = z.input<(typeof jobDataSchemas)[K]>;
export type JobData<K extends JobKind> = z.output<(typeof jobDataSchemas)[K]>;
export type JobResult<K extends JobKind> = z.output<(typeof jobResultSchemas)[K]>;

export function isJobKind(value: string): value is JobKind {
  return (JOB_KINDS as readonly string[]).includes(value);
}
