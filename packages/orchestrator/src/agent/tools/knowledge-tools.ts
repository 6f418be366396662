/**
 * What the assistant has learned and what happened before: searches of the knowledge base and of
 * past issues, and storing a lesson. With ChromaDB away a search says so (the model is told to go
 * on without it) and a lesson waits in the write buffer.
 */
import { z } from 'zod';
import { KNOWLEDGE_CATEGORIES } from '@ai-sysadmin/core';
import { type AgentTool, type ToolOutput, defineTool } from './agent-tool.js';

const query = z.string().trim().min(1).max(2000).describe('What to look for, in plain words');
const limit = z.number().int().min(1).max(10).default(5).describe('How many hits (default 5)');

const unavailable = (what: string): ToolOutput => ({
  ok: false,
  summary: `${what} unavailable`,
  facts: `${what} is not available in this run; go on without it and say so if it matters`,
});

export const searchKnowledge = defineTool({
  name: 'search_knowledge',
  description:
    'Search what was learned before (lessons, procedures, facts about these systems, notes people added). Use it when a question may have been answered before or needs local facts.',
  schema: z.strictObject({ query, limit }),
  readOnly: true,
  run: async ({ query: q, limit: n }, context) => {
    if (!context.knowledge) return unavailable('the knowledge base');
    const outcome = await context.knowledge.searchKnowledge(q, n);
    if (!outcome.available)
      return { ...unavailable('the knowledge base'), facts: `the knowledge base is unavailable: ${outcome.reason}` };
    if (outcome.hits.length === 0)
      return { ok: true, summary: 'no knowledge found', facts: `nothing in the knowledge base about "${q}"` };
    return {
      ok: true,
      summary: `${outcome.hits.length} knowledge hit(s)`,
      facts: `${outcome.hits.length} entries, closest first:`,
      data: [
        {
          text: outcome.hits
            .map(
              (h) =>
                `[${h.category}, ${h.source}, ${h.at}${h.issueId ? `, issue #${h.issueId}` : ''}] ${h.topic}: ${h.content}`,
            )
            .join('\n\n'),
          label: { source: `search_knowledge ${q}` },
        },
      ],
    };
  },
});

export const storeKnowledge = defineTool({
  name: 'store_knowledge',
  description:
    'Remember a lesson for next time: what the problem was and what fixed it, or a fact about these systems. Store only what you verified.',
  schema: z.strictObject({
    topic: z.string().trim().min(1).max(200).describe('A short title'),
    content: z.string().trim().min(1).max(20_000).describe('The lesson, with the symptoms and the fix'),
    category: z.enum(KNOWLEDGE_CATEGORIES).default('lesson'),
  }),
  readOnly: false,
  run: async (args, context) => {
    if (!context.knowledge) return unavailable('the knowledge base');
    const issueId = context.origin.issueId ? Number(context.origin.issueId) : undefined;
    const stored = await context.knowledge.storeKnowledge({
      ...args,
      source: 'agent',
      ...(issueId !== undefined && Number.isInteger(issueId) ? { issueId } : {}),
    });
    return {
      ok: true,
      summary: `stored knowledge ${stored.id}${stored.buffered ? ' (buffered)' : ''}`,
      facts: `stored as ${stored.id}${stored.buffered ? ' (ChromaDB is away: it is kept and written when it is back)' : ''}`,
    };
  },
});

export const searchIssues = defineTool({
  name: 'search_issues',
  description:
    'Search past and open issues like this one (any host), with how they were resolved. Use it to see whether a problem happened before and what fixed it.',
  schema: z.strictObject({ query, limit }),
  readOnly: true,
  run: async ({ query: q, limit: n }, context) => {
    const open = context
      .openIssues()
      .filter((i) => `${i.title} ${i.subject}`.toLowerCase().includes(q.toLowerCase()))
      .slice(0, n);
    const openText = open.map((i) => `open #${i.id} on ${i.host} (${i.severity}, ${i.status}): ${i.title}`);
    if (!context.knowledge)
      return openText.length
        ? { ok: true, summary: `${open.length} open issue(s)`, facts: openText.join('\n') }
        : unavailable('the issue history');
    const outcome = await context.knowledge.searchIssues(q, n);
    if (!outcome.available)
      return {
        ok: openText.length > 0,
        summary: 'issue history unavailable',
        facts: [`the issue history is unavailable: ${outcome.reason}`, ...openText].join('\n'),
      };
    const past = outcome.hits.map(
      (i) => `#${i.id} on ${i.host} (${i.status}): ${i.title}${i.resolution ? `\n  resolution: ${i.resolution}` : ''}`,
    );
    return {
      ok: true,
      summary: `${outcome.hits.length} similar issue(s)`,
      facts: openText.length ? openText.join('\n') : `${outcome.hits.length} similar issue(s), closest first:`,
      ...(past.length ? { data: [{ text: past.join('\n'), label: { source: `search_issues ${q}` } }] } : {}),
    };
  },
});

export const KNOWLEDGE_TOOLS: readonly AgentTool[] = [searchKnowledge, storeKnowledge, searchIssues];
