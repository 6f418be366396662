/** The embed job: one vector per text, from the embedding model. */
import type { EmbedJobData, EmbedJobResult } from '@ai-sysadmin/core';
import { OllamaRequestError } from '../errors/ollama-request-error.js';
import type { JobContext } from './job-context.js';

export async function runEmbed(data: EmbedJobData, ctx: JobContext): Promise<EmbedJobResult> {
  const model = data.model ?? ctx.config.embedModel;
  const response = await ctx.ollama.embed({ model, input: data.texts, truncate: true });
  const embeddings = response.embeddings ?? [];
  const dimensions = embeddings[0]?.length ?? 0;
  if (embeddings.length !== data.texts.length || dimensions === 0 || embeddings.some((v) => v.length !== dimensions)) {
    throw new OllamaRequestError(
      ctx.ollama.url,
      undefined,
      `asked for ${data.texts.length} embeddings of ${model}, got ${embeddings.length} of lengths ${[...new Set(embeddings.map((v) => v.length))].join(', ') || 'none'}`,
    );
  }
  return {
    model: response.model ?? model,
    embeddings,
    dimensions,
    promptTokens: (response as { prompt_eval_count?: number }).prompt_eval_count ?? 0,
  };
}
