/**
 * Paging through an output too large for the prompt: the loop caches it whole and says its id;
 * this reads it back from a line on, as much as one tool result may hold, and says where the
 * next part starts.
 */
import { z } from 'zod';
import { charsForTokens, errorMessage, toolCacheIdSchema } from '@ai-sysadmin/core';
import { type AgentTool, defineTool } from './agent-tool.js';

export const retrieveCachedOutput = defineTool({
  name: 'retrieve_cached_output',
  description:
    'Read part of a large output that was cached because it did not fit (its id looks like the one a tool result gave you). Give the line to start at; the answer says which line comes next.',
  schema: z.strictObject({
    id: toolCacheIdSchema.describe('The cache id a tool result gave'),
    line: z.number().int().min(1).default(1).describe('The first line to read (1 for the start)'),
  }),
  readOnly: true,
  run: async ({ id, line }, context) => {
    try {
      const info = await context.toolCache.info(id);
      if (line > info.lines)
        return {
          ok: false,
          summary: `line ${line} is past the end`,
          facts: `${id} has ${info.lines} lines; line ${line} is past its end`,
        };
      // The page holding the line (pages end at line ends), found by halving: a 9 MB entry has ~150 pages.
      let low = 1;
      let high = info.pages;
      let page = await context.toolCache.page(id, 1);
      while (low <= high) {
        const middle = Math.floor((low + high) / 2);
        const candidate = await context.toolCache.page(id, middle);
        if (candidate.firstLine > line) high = middle - 1;
        else {
          page = candidate;
          if (candidate.lastLine >= line) break;
          low = middle + 1;
        }
      }
      const budget = charsForTokens(context.resultTokens) - 400;
      const lines = page.text.split('\n').slice(line - page.firstLine);
      const taken: string[] = [];
      let size = 0;
      for (const text of lines) {
        if (size + text.length + 1 > budget && taken.length > 0) break;
        taken.push(text.length > budget ? `${text.slice(0, budget)} [line cut]` : text);
        size += Math.min(text.length, budget) + 1;
      }
      const last = line + taken.length - 1;
      const next = last < info.lines ? `next: line ${last + 1}` : 'this is the end of the output';
      return {
        ok: true,
        summary: `${id} lines ${line}-${last} of ${info.lines}`,
        facts: `${id}${info.label ? ` (${info.label})` : ''}: lines ${line}-${last} of ${info.lines}; ${next}`,
        data: [
          { text: taken.join('\n'), label: { source: info.label ?? id, cacheId: id, firstLine: line, lastLine: last } },
        ],
      };
    } catch (error) {
      return { ok: false, summary: `cannot read ${id}`, facts: `cannot read ${id}: ${errorMessage(error)}` };
    }
  },
});

export const CACHE_TOOLS: readonly AgentTool[] = [retrieveCachedOutput];
