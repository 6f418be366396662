/**
 * The knowledge base the agent reads and writes, over the vector store's ChromaDB collections:
 * `knowledge` (lessons, procedures, facts, notes: topic, content, category, source, time),
 * the daemon's `issues` (with how each ended), and `configs` (the configRepo's files in chunks).
 * Writes go through the vector store's durable buffer, so with ChromaDB or the embedder away
 * they wait; a search that cannot run answers `available: false` with the reason, and the agent
 * goes on without it.
 */
import { randomUUID } from 'node:crypto';
import {
  type ConfigHit,
  type Issue,
  KNOWLEDGE_CATEGORIES,
  type KnowledgeCategory,
  type KnowledgeEntry,
  type SearchOutcome,
  errorMessage,
} from '@ai-sysadmin/core';
import type { KnowledgeBase, PastIssue } from '../agent/agent-contract.js';
import { ISSUES_COLLECTION } from '../issues/issue-index.js';
import type { VectorRecord, VectorStore } from '../vector-store/vector-store.js';
import type { Metadata } from '../vector-store/write-buffer.js';

export const KNOWLEDGE_COLLECTION = 'knowledge';
export const CONFIGS_COLLECTION = 'configs';
export const SYSTEMS_COLLECTION = 'systems';
const WRITE_SETTLE_MS = 3000;

export interface KnowledgeInput {
  readonly topic: string;
  readonly content: string;
  readonly category: KnowledgeCategory;
  readonly source: string;
  readonly issueId?: number;
  /** A stable id (a lesson's `lesson-<issue>-<action>`), so writing it twice keeps one entry. */
  readonly id?: string;
}

export interface ChromaKnowledgeBaseOptions {
  readonly store: VectorStore;
  /** The tracker's issue by id, for a hit's current state; undefined when it is gone. */
  readonly issue: (id: number) => Issue | undefined;
  /**
   * What tells how an issue ended, in words (its diagnosis and the action that held), or null;
   * made once per search, so the audit trail behind it is read once however many hits there are.
   */
  readonly resolver: () => (issue: Issue) => string | null;
  readonly now?: () => Date;
}

export class ChromaKnowledgeBase implements KnowledgeBase {
  constructor(private readonly options: ChromaKnowledgeBaseOptions) {}

  async searchKnowledge(query: string, limit: number): Promise<SearchOutcome<KnowledgeEntry>> {
    return this.search(KNOWLEDGE_COLLECTION, query, limit, (hit) => knowledgeEntry(hit, hit.distance));
  }

  async storeKnowledge(entry: KnowledgeInput): Promise<{ id: string; buffered: boolean }> {
    const id = entry.id ?? `knowledge-${randomUUID()}`;
    const at = (this.options.now?.() ?? new Date()).toISOString();
    const metadata: Metadata = {
      topic: entry.topic,
      category: entry.category,
      source: entry.source,
      at,
      ...(entry.issueId !== undefined ? { issueId: entry.issueId } : {}),
    };
    // The topic goes into the embedded text too, so a search with an issue's words finds the lesson.
    this.options.store.upsert(KNOWLEDGE_COLLECTION, [{ id, document: `${entry.topic}\n${entry.content}`, metadata }]);
    await this.settle();
    return { id, buffered: this.options.store.isPending(KNOWLEDGE_COLLECTION, id) };
  }

  /** The entries ChromaDB holds, newest first, optionally of one category. */
  async listKnowledge(
    options: { category?: KnowledgeCategory; limit?: number } = {},
  ): Promise<SearchOutcome<KnowledgeEntry>> {
    try {
      const records = await this.options.store.list(KNOWLEDGE_COLLECTION, {
        ...(options.category ? { where: { category: options.category } } : {}),
      });
      const entries = records.map((r) => knowledgeEntry(r)).sort((a, b) => b.at.localeCompare(a.at));
      return { available: true, hits: entries.slice(0, options.limit ?? 200) };
    } catch (error) {
      return unavailable(error);
    }
  }

  /** Removes an entry (buffered like every write); false when ChromaDB does not hold it. */
  async deleteKnowledge(id: string): Promise<{ deleted: boolean; buffered: boolean }> {
    const [found] = await this.options.store.get(KNOWLEDGE_COLLECTION, [id]);
    if (!found) return { deleted: false, buffered: false };
    this.options.store.remove(KNOWLEDGE_COLLECTION, [id]);
    await this.settle();
    return { deleted: true, buffered: this.options.store.isPending(KNOWLEDGE_COLLECTION, id) };
  }

  /** Gives the write a moment to reach ChromaDB; a long backlog (a configRepo being indexed) is not waited for. */
  private async settle(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      this.options.store.flush(),
      new Promise((resolve) => (timer = setTimeout(resolve, WRITE_SETTLE_MS))),
    ]);
    clearTimeout(timer);
  }

  async searchIssues(query: string, limit: number): Promise<SearchOutcome<PastIssue>> {
    let resolutionOf: ((issue: Issue) => string | null) | undefined;
    return this.search(ISSUES_COLLECTION, query, limit, (hit) => {
      const id = Number(hit.metadata.issueId);
      const issue = this.options.issue(id);
      return {
        id,
        host: String(hit.metadata.host ?? issue?.host ?? ''),
        title: issue?.title ?? hit.document.split('\n')[0] ?? '',
        status: issue?.status ?? String(hit.metadata.status ?? 'unknown'),
        resolution: issue ? (resolutionOf ??= this.options.resolver())(issue) : null,
        distance: hit.distance ?? 0,
      };
    });
  }

  async searchConfigs(query: string, limit: number): Promise<SearchOutcome<ConfigHit>> {
    return this.search(CONFIGS_COLLECTION, query, limit, (hit) => ({
      path: String(hit.metadata.path ?? ''),
      startLine: Number(hit.metadata.startLine ?? 1),
      endLine: Number(hit.metadata.endLine ?? 1),
      text: hit.document,
      distance: hit.distance ?? 0,
    }));
  }

  private async search<T>(
    collection: string,
    query: string,
    limit: number,
    map: (hit: VectorRecord & { distance: number | null }) => T,
  ): Promise<SearchOutcome<T>> {
    try {
      const hits = await this.options.store.query(collection, query, { nResults: limit });
      return { available: true, hits: hits.map(map) };
    } catch (error) {
      return unavailable(error);
    }
  }
}

function unavailable(error: unknown): { available: false; reason: string } {
  return { available: false, reason: `the knowledge base is unavailable: ${errorMessage(error)}` };
}

function knowledgeEntry(record: VectorRecord, distance?: number | null): KnowledgeEntry {
  const m = record.metadata;
  const topic = String(m.topic ?? '');
  const content = record.document.startsWith(`${topic}\n`) ? record.document.slice(topic.length + 1) : record.document;
  const category = (KNOWLEDGE_CATEGORIES as readonly string[]).includes(String(m.category))
    ? (m.category as KnowledgeCategory)
    : 'note';
  return {
    id: record.id,
    topic,
    content,
    category,
    source: String(m.source ?? 'unknown'),
    at: String(m.at ?? ''),
    ...(typeof m.issueId === 'number' ? { issueId: m.issueId } : {}),
    ...(distance !== undefined && distance !== null ? { distance } : {}),
  };
}
