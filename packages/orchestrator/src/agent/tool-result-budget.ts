/**
 * No tool result takes more than `agent.toolResultShare` of the context. The tool's own facts
 * stay; data over the budget is kept whole in the ToolCache, reduced deterministically (reduceLog:
 * repeated lines grouped by template with counts, first and last lines kept), and when the
 * reduction had to leave templates out it is also summarized by the model (a summarize job on
 * the queue). The model gets the reduction, the id, and how to page it with
 * retrieve_cached_output. Then everything from outside is fenced as data.
 */
import {
  type PriorityClass,
  type ToolCache,
  charsForTokens,
  errorMessage,
  estimateTokens,
  fenceData,
} from '@ai-sysadmin/core';
import { reduceLog } from '@ai-sysadmin/worker';
import type { ToolOutput } from './tools/agent-tool.js';
import type { AgentLlm } from './agent-llm.js';

export interface BudgetOptions {
  readonly tokens: number;
  readonly toolCache: ToolCache;
  readonly llm: AgentLlm;
  readonly priority: PriorityClass;
  /** What the run is about, the summary's focus. */
  readonly focus: string;
  readonly signal?: AbortSignal;
}

/** Room the fence and the notes about the cache take. */
const FENCE_TOKENS = 80;

export interface FittedResult {
  readonly content: string;
  /** Cache ids of data that did not fit. */
  readonly cached: readonly string[];
  readonly summarized: boolean;
}

export async function fitToolOutput(output: ToolOutput, options: BudgetOptions): Promise<FittedResult> {
  const facts =
    output.facts.length > charsForTokens(options.tokens / 2)
      ? `${output.facts.slice(0, charsForTokens(options.tokens / 2))}\n[facts cut]`
      : output.facts;
  const parts = facts ? [facts] : [];
  const cached: string[] = [];
  let summarized = false;
  const data = output.data ?? [];
  let left = options.tokens - estimateTokens(facts);
  for (const [index, item] of data.entries()) {
    // Each remaining item gets an equal share of what is left.
    const share = Math.max(64, Math.floor(left / (data.length - index)) - FENCE_TOKENS);
    if (estimateTokens(item.text) <= share) {
      const fenced = fenceData(item.text, item.label);
      parts.push(fenced);
      left -= estimateTokens(fenced);
      continue;
    }
    // Output the executor already cut keeps its whole in the cache: reduce that, not the cut part.
    const known = typeof item.label.cacheId === 'string' && item.label.cut ? item.label.cacheId : undefined;
    const entry = known
      ? await options.toolCache.info(known)
      : await options.toolCache.put(item.text, {
          label: `${item.label.source}${item.label.host ? ` on ${item.label.host}` : ''}`,
        });
    const whole = known ? await options.toolCache.read(known) : item.text;
    cached.push(entry.id);
    const lines = whole.split('\n');
    let summary: string | undefined;
    if (reduceLog(lines, { tokenBudget: share }).omittedTemplates > 0) {
      summary = await summarize(entry.id, item.label.source, options);
      if (summary !== undefined) {
        summarized = true;
        const summaryChars = charsForTokens(Math.floor(share / 3));
        if (summary.length > summaryChars) summary = `${summary.slice(0, summaryChars)}...`;
      }
    }
    // The notes and fences take room too: reduce again, tighter, until the whole fits the share.
    let budget = share - estimateTokens(summary ?? '');
    let rendered = '';
    for (let attempt = 0; attempt < 4; attempt++) {
      const reduced = reduceLog(lines, { tokenBudget: Math.max(32, budget) });
      const note =
        `${item.label.stream ?? 'output'} of ${item.label.source}: ${entry.lines} lines, ${entry.bytes} bytes, too large for the prompt. ` +
        `All of it is in the tool cache as ${entry.id} (page it with retrieve_cached_output {"id":"${entry.id}","line":1}). ` +
        (reduced.verbatim
          ? 'Shown cut to fit.'
          : `Shown reduced: ${reduced.templates.length} kinds of line with counts${reduced.omittedTemplates ? `, ${reduced.omittedTemplates} kinds (${reduced.omittedLines} lines) left out` : ''}.`);
      rendered = [
        note,
        ...(summary ? [fenceData(summary, { source: `summary of ${item.label.source}`, cacheId: entry.id })] : []),
        fenceData(reduced.text, { ...item.label, cacheId: entry.id, reduced: !reduced.verbatim }),
      ].join('\n\n');
      const over = estimateTokens(rendered) - (share + FENCE_TOKENS);
      if (over <= 0) break;
      budget -= over + 8;
    }
    parts.push(rendered);
    left -= estimateTokens(rendered);
  }
  return { content: parts.join('\n\n'), cached, summarized };
}

async function summarize(cacheId: string, title: string, options: BudgetOptions): Promise<string | undefined> {
  try {
    const result = await options.llm.summarize(
      { cacheId, title: title.slice(0, 300), focus: options.focus.slice(0, 2000) },
      { priority: options.priority, ...(options.signal ? { signal: options.signal } : {}) },
    );
    return result.summary;
  } catch (error) {
    if (options.signal?.aborted) throw error;
    // The reduction alone still holds the essentials; the summary is a help, not a need.
    void errorMessage(error);
    return undefined;
  }
}
