/**
 * The vector store: ChromaDB collections written and searched with embeddings we supply (through
 * an Embedder: the LLM queue), never Chroma's default embedding function. Writes go to a durable
 * buffer first and reach ChromaDB when both it and the embedder are there; while either is away
 * they wait, and `flush()` (after each cycle, on a timer, when Chroma comes back) catches up.
 * The tracker's `issues` collection uses it, and so can the agent's knowledge, systems and configs.
 */
import { randomUUID } from 'node:crypto';
import { ChromaClient, type Collection, type EmbeddingFunction, type Where } from 'chromadb';
import type { Logger, PriorityClass } from '@ai-sysadmin/core';
import { EmbedderUnavailableError } from '../errors/embedder-unavailable-error.js';
import type { Embedder } from './embedder.js';
import { type BufferedWrite, type Metadata, WriteBuffer } from './write-buffer.js';

export interface VectorRecord {
  readonly id: string;
  readonly document: string;
  readonly metadata: Metadata;
}

export interface VectorHit extends VectorRecord {
  readonly distance: number | null;
}

export interface VectorStoreOptions {
  readonly url: string;
  readonly embedder: Embedder;
  readonly bufferDir: string;
  readonly logger: Logger;
  /** Told whether ChromaDB answered, after every attempt to reach it. */
  readonly onChromaState?: (up: boolean, reason: string) => void;
  /** Told whether embeddings could be made, after every attempt. */
  readonly onEmbedderState?: (up: boolean, reason: string) => void;
  /** Records per embed job and per upsert. */
  readonly batchSize?: number;
  /** Longest one ChromaDB request may take. */
  readonly requestTimeoutMs?: number;
}

const QUERY_EMBEDDING_TTL_MS = 30_000;

/** Refuses to embed: every write and query here carries its own vectors, so Chroma never picks a default model. */
const EXPLICIT_ONLY: EmbeddingFunction = {
  generate: async () => {
    throw new Error('embeddings are supplied explicitly by ai-sysadmin; Chroma must not embed');
  },
};

export class VectorStore {
  readonly buffer: WriteBuffer;
  private readonly client: ChromaClient;
  private readonly collections = new Map<string, Collection>();
  private flushing: Promise<FlushResult> | undefined;
  private readonly recentQueries = new Map<string, Promise<number[]>>();
  private again = false;

  constructor(private readonly options: VectorStoreOptions) {
    const url = new URL(options.url);
    this.client = new ChromaClient({
      host: url.hostname,
      port: Number(url.port || (url.protocol === 'https:' ? 443 : 80)),
      ssl: url.protocol === 'https:',
    });
    this.buffer = new WriteBuffer(options.bufferDir);
  }

  /** Buffers the records (durably) and starts a flush. */
  upsert(collection: string, records: readonly VectorRecord[]): void {
    for (const r of records)
      this.buffer.put({
        op: 'upsert',
        collection,
        id: r.id,
        document: r.document,
        metadata: r.metadata,
        version: versionOf(r),
      });
    void this.flush();
  }

  remove(collection: string, ids: readonly string[]): void {
    for (const id of ids) this.buffer.put({ op: 'delete', collection, id, version: randomUUID() });
    void this.flush();
  }

  pendingWrites(): number {
    return this.buffer.count();
  }

  async heartbeat(): Promise<void> {
    await this.call('heartbeat', () => this.client.heartbeat());
  }

  /** Writes what the buffer holds; what cannot be written now stays for the next flush. */
  flush(): Promise<FlushResult> {
    if (this.flushing) {
      this.again = true;
      return this.flushing;
    }
    this.flushing = (async () => {
      let result: FlushResult;
      do {
        this.again = false;
        result = await this.flushOnce();
      } while (this.again && result.written > 0);
      return result;
    })().finally(() => {
      this.flushing = undefined;
    });
    return this.flushing;
  }

  /** The records nearest in meaning to the text. */
  async query(
    collection: string,
    text: string,
    options: { nResults?: number; where?: Where; priority?: PriorityClass } = {},
  ): Promise<VectorHit[]> {
    const [embedding, handle] = await Promise.all([
      this.queryEmbedding(text, options.priority ?? 'interactive'),
      this.collection(collection),
    ]);
    const result = await this.call('query', () =>
      handle.query({
        queryEmbeddings: [embedding!],
        nResults: options.nResults ?? 10,
        ...(options.where ? { where: options.where } : {}),
        include: ['documents', 'metadatas', 'distances'],
      }),
    );
    return (result.rows()[0] ?? []).map((row) => ({
      id: row.id,
      document: row.document ?? '',
      metadata: (row.metadata ?? {}) as Metadata,
      distance: row.distance ?? null,
    }));
  }

  /**
   * A query's embedding, shared by the searches made with the same text at about the same time
   * (the agent's prompt searches knowledge and issues with the words): one embed job.
   */
  private queryEmbedding(text: string, priority: PriorityClass): Promise<number[]> {
    const known = this.recentQueries.get(text);
    if (known) return known;
    const made = this.options.embedder.embed([text], { priority }).then(([embedding]) => embedding!);
    this.recentQueries.set(text, made);
    // Kept for a moment only, and never a failure: the next search asks again.
    const forget = () => this.recentQueries.get(text) === made && this.recentQueries.delete(text);
    made.then(() => setTimeout(forget, QUERY_EMBEDDING_TTL_MS).unref(), forget);
    if (this.recentQueries.size > 64) this.recentQueries.delete(this.recentQueries.keys().next().value!);
    return made;
  }

  async count(collection: string): Promise<number> {
    const handle = await this.collection(collection);
    return this.call('count', () => handle.count());
  }

  /** Records of the collection, optionally only those matching `where`, at most `limit` (ChromaDB's order). */
  async list(collection: string, options: { where?: Where; limit?: number } = {}): Promise<VectorRecord[]> {
    const handle = await this.collection(collection);
    const result = await this.call('list', () =>
      handle.get({
        ...(options.where ? { where: options.where } : {}),
        ...(options.limit ? { limit: options.limit } : {}),
        include: ['documents', 'metadatas'],
      }),
    );
    return result
      .rows()
      .map((row) => ({ id: row.id, document: row.document ?? '', metadata: (row.metadata ?? {}) as Metadata }));
  }

  /** Whether a write of this record still waits in the buffer (ChromaDB or the embedder away). */
  isPending(collection: string, id: string): boolean {
    return this.buffer.has(collection, id);
  }

  /** The records with these ids that ChromaDB holds. */
  async get(collection: string, ids: readonly string[]): Promise<VectorRecord[]> {
    const handle = await this.collection(collection);
    const result = await this.call('get', () => handle.get({ ids: [...ids], include: ['documents', 'metadatas'] }));
    return result
      .rows()
      .map((row) => ({ id: row.id, document: row.document ?? '', metadata: (row.metadata ?? {}) as Metadata }));
  }

  private async flushOnce(): Promise<FlushResult> {
    let written = 0;
    for (const [name, writes] of this.buffer.pending()) {
      let handle: Collection;
      try {
        handle = await this.collection(name);
      } catch {
        break; // ChromaDB is away; said so by call()
      }
      const batchSize = this.options.batchSize ?? 64;
      for (let i = 0; i < writes.length; i += batchSize) {
        const batch = writes.slice(i, i + batchSize);
        const ok = await this.writeBatch(handle, batch);
        if (!ok) return { written, remaining: this.buffer.count() };
        written += batch.length;
      }
    }
    return { written, remaining: this.buffer.count() };
  }

  private async writeBatch(handle: Collection, batch: readonly BufferedWrite[]): Promise<boolean> {
    const upserts = batch.filter((w): w is Extract<BufferedWrite, { op: 'upsert' }> => w.op === 'upsert');
    const deletes = batch.filter((w) => w.op === 'delete');
    let embeddings: number[][] = [];
    if (upserts.length) {
      try {
        embeddings = await this.options.embedder.embed(
          upserts.map((w) => w.document),
          { priority: 'batch' },
        );
        this.options.onEmbedderState?.(true, 'embeddings are made');
      } catch (error) {
        const reason = error instanceof EmbedderUnavailableError ? error.message : String(error);
        this.options.onEmbedderState?.(false, reason);
        return false;
      }
    }
    try {
      if (upserts.length) {
        await this.call('upsert', () =>
          handle.upsert({
            ids: upserts.map((w) => w.id),
            embeddings,
            documents: upserts.map((w) => w.document),
            metadatas: upserts.map((w) => w.metadata),
          }),
        );
      }
      if (deletes.length) await this.call('delete', () => handle.delete({ ids: deletes.map((w) => w.id) }));
    } catch {
      return false;
    }
    for (const w of batch) this.buffer.done(w);
    return true;
  }

  private async collection(name: string): Promise<Collection> {
    const known = this.collections.get(name);
    if (known) return known;
    const handle = await this.call('open collection', () =>
      this.client.getOrCreateCollection({
        name,
        embeddingFunction: EXPLICIT_ONLY,
        metadata: { 'created-by': 'ai-sysadmin' },
      }),
    );
    this.collections.set(name, handle);
    return handle;
  }

  /** One request to ChromaDB with a time limit; its outcome tells whether ChromaDB is up. */
  private async call<T>(what: string, fn: () => Promise<T>): Promise<T> {
    const ms = this.options.requestTimeoutMs ?? 10_000;
    let timer: NodeJS.Timeout | undefined;
    try {
      const value = await Promise.race([
        fn(),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer within ${ms / 1000} s`)), ms);
        }),
      ]);
      this.options.onChromaState?.(true, 'answers');
      return value;
    } catch (error) {
      const reason = `ChromaDB at ${this.options.url} failed to ${what}: ${describe(error)}`;
      // Only an answer that never came says ChromaDB is down; an error it answered with is this request's.
      if (/not reachable|no answer/i.test(reason)) {
        this.options.onChromaState?.(false, reason);
        this.collections.clear();
      } else {
        this.options.onChromaState?.(true, 'answers');
      }
      throw new Error(reason, { cause: error });
    } finally {
      clearTimeout(timer);
    }
  }
}

export interface FlushResult {
  readonly written: number;
  readonly remaining: number;
}

/** Tells two buffered writes of one id apart, so a flush never removes a newer one it did not write. */
function versionOf(_record: VectorRecord): string {
  return randomUUID();
}

/** Chroma's client says "Failed to connect to chromadb. Make sure..."; the cause's code says it shorter. */
function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  let cause: unknown = error;
  for (let depth = 0; depth < 4 && cause instanceof Error; depth++) {
    const code = (cause as { code?: unknown }).code;
    if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) return `not reachable (${code})`;
    cause = (cause as { cause?: unknown }).cause;
  }
  if (error.name === 'ChromaConnectionError') return 'not reachable';
  return error.message.split(/(?<=\.)\s/)[0] ?? error.message;
}
