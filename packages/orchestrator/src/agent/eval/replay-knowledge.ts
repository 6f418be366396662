/** The scenario's knowledge as a KnowledgeBase: hits are entries sharing words with the query, most shared first. */
import type { KnowledgeEntry } from '@ai-sysadmin/core';
import type { KnowledgeBase } from '../agent-contract.js';
import type { Scenario } from './scenario.js';

const words = (text: string) => new Set(text.toLowerCase().match(/[a-z0-9][a-z0-9._-]{2,}/g) ?? []);

export function replayKnowledge(scenario: Scenario): KnowledgeBase {
  const entries: KnowledgeEntry[] = scenario.knowledge.map((k, i) => ({
    id: `k${i + 1}`,
    topic: k.topic,
    content: k.content,
    category: k.category,
    source: 'user',
    at: '2025-01-01T00:00:00.000Z',
  }));
  const search = (query: string, limit: number) => {
    const wanted = words(query);
    return entries
      .map((e) => ({ e, shared: [...words(`${e.topic} ${e.content}`)].filter((w) => wanted.has(w)).length }))
      .filter((x) => x.shared >= 2)
      .sort((a, b) => b.shared - a.shared)
      .slice(0, limit)
      .map((x) => ({ ...x.e, distance: 1 / (1 + x.shared) }));
  };
  return {
    searchKnowledge: async (query, limit) => ({ available: true, hits: search(query, limit) }),
    storeKnowledge: async () => ({ id: `k${entries.length + 1}`, buffered: false }),
    searchIssues: async () => ({ available: true, hits: [] }),
    searchConfigs: async () => ({ available: true, hits: [] }),
  };
}
