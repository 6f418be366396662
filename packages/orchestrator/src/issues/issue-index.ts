/**
 * The tracker's mirror in ChromaDB's `issues` collection, so issues can be searched by meaning.
 * Every saved issue is put in the vector store's durable buffer (the latest version of each
 * replaces the one before); the store writes it, with its embedding, once ChromaDB and the
 * embedder are there. The tracker's own state never waits for this.
 */
import type { Issue } from '@ai-sysadmin/core';
import type { VectorHit, VectorRecord, VectorStore } from '../vector-store/vector-store.js';

export const ISSUES_COLLECTION = 'issues';

export function issueRecord(issue: Issue): VectorRecord {
  const lines = [
    issue.title,
    `host ${issue.host}; ${issue.rule}${issue.subject ? ` ${issue.subject}` : ''}; ${issue.severity}; ${issue.status}`,
    ...(issue.diagnosis ? [`diagnosis: ${issue.diagnosis.text}`] : []),
  ];
  return {
    id: `issue-${issue.id}`,
    document: lines.join('\n'),
    metadata: {
      issueId: issue.id,
      host: issue.host,
      rule: issue.rule,
      subject: issue.subject,
      severity: issue.severity,
      status: issue.status,
      source: issue.source,
      firstSeen: issue.firstSeen,
      lastSeen: issue.lastSeen,
      revision: issue.revision,
    },
  };
}

export class IssueIndex {
  constructor(private readonly store: VectorStore) {}

  /** Buffers the issue's latest version for ChromaDB. */
  put(issue: Issue): void {
    this.store.upsert(ISSUES_COLLECTION, [issueRecord(issue)]);
  }

  /** Puts every issue in the buffer (after the collection was lost, or at first start). */
  putAll(issues: readonly Issue[]): void {
    this.store.upsert(ISSUES_COLLECTION, issues.map(issueRecord));
  }

  search(text: string, options: { nResults?: number; host?: string } = {}): Promise<VectorHit[]> {
    return this.store.query(ISSUES_COLLECTION, text, {
      ...(options.nResults ? { nResults: options.nResults } : {}),
      ...(options.host ? { where: { host: options.host } } : {}),
    });
  }
}
