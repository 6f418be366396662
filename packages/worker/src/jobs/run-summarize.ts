/**
 * The summarize job: the full text goes to the ToolCache (so every line stays readable by page),
 * is reduced deterministically (reduceLog), and only the reduction goes to the model, in chunks
 * sized to its context, with a summary of the summaries when there is more than one.
 */
import type { SummarizeJobData, SummarizeJobResult } from '@ai-sysadmin/core';
import { reduceLog } from '../summarize/reduce-log.js';
import { summarizeInChunks } from '../summarize/summarize-in-chunks.js';
import type { JobContext } from './job-context.js';

export async function runSummarize(data: SummarizeJobData, ctx: JobContext): Promise<SummarizeJobResult> {
  const model = data.model ?? ctx.config.model;
  const llm = ctx.config.llm;
  const contextTokens = await ctx.contextTokens(model);

  let cacheId = data.cacheId;
  let text: string;
  if (cacheId === undefined) {
    text = data.text ?? '';
    cacheId = (await ctx.cache.put(text, data.title ? { label: data.title } : {})).id;
    // A retry reads the cache; the queue no longer carries the text.
    const { text: _inline, ...rest } = data;
    await ctx.replaceData({ ...rest, cacheId });
  } else {
    text = await ctx.cache.read(cacheId);
  }

  const lines = text === '' ? [] : text.split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  await ctx.progress({ stage: 'reduce', done: 0, total: 1, message: `reducing ${lines.length} lines` });
  const reduced = reduceLog(lines, { tokenBudget: llm.summaryTokenBudget });
  await ctx.progress({
    stage: 'reduce',
    done: 1,
    total: 1,
    message: reduced.verbatim
      ? `${lines.length} lines fit whole (~${reduced.tokens} tokens)`
      : `${lines.length} lines -> ${reduced.templates.length} templates, ${reduced.shownTemplates} shown (~${reduced.tokens} tokens)`,
  });

  const summary = await summarizeInChunks(reduced.text, {
    ...(data.title ? { title: data.title } : {}),
    ...(data.focus ? { focus: data.focus } : {}),
    promptTokens: contextTokens - llm.answerTokens,
    complete: async ({ system, prompt }) => {
      const response = await ctx.ollama.chat({
        model,
        messages: [
          { role: 'system', content: system },
          { role: 'user', content: prompt },
        ],
        options: { num_ctx: contextTokens, num_predict: llm.answerTokens, temperature: 0.2 },
      });
      return {
        text: withoutThinking(response.message.content),
        promptTokens: response.prompt_eval_count ?? 0,
        completionTokens: response.eval_count ?? 0,
      };
    },
    onProgress: (p) => ctx.progress(p),
  });

  return {
    summary: summary.summary,
    cacheId,
    lines: lines.length,
    bytes: Buffer.byteLength(text),
    templates: reduced.templates.length,
    omittedTemplates: reduced.omittedTemplates,
    reducedTokens: reduced.tokens,
    chunks: summary.chunks,
    llmCalls: summary.llmCalls,
    promptTokens: summary.promptTokens,
    completionTokens: summary.completionTokens,
  };
}

/** A reasoning model may leave its thinking in the answer (<think>...</think>); the summary is the rest. */
function withoutThinking(text: string): string {
  return text.replace(/<think>[\s\S]*?<\/think>\s*/g, '');
}
