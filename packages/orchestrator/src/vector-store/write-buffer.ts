/**
 * Vector-store writes that have not reached ChromaDB yet, durable in
 * `<stateDir>/vector-buffer/<collection>/<key>.json`: one file per record id, replaced by a later
 * write of the same id (only the latest version matters), removed once ChromaDB holds it. So a
 * daemon restart, a ChromaDB outage or a missing embedder loses nothing, and the buffer never
 * holds more than one entry per record.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { replaceFileSync } from '@ai-sysadmin/core';

export type Metadata = Record<string, string | number | boolean>;

export type BufferedWrite =
  | {
      readonly op: 'upsert';
      readonly collection: string;
      readonly id: string;
      readonly document: string;
      readonly metadata: Metadata;
      readonly version: string;
    }
  | { readonly op: 'delete'; readonly collection: string; readonly id: string; readonly version: string };

const COLLECTION = /^[A-Za-z0-9][A-Za-z0-9._-]{1,61}[A-Za-z0-9]$/;

export class WriteBuffer {
  constructor(readonly dir: string) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  }

  put(write: BufferedWrite): void {
    if (!COLLECTION.test(write.collection))
      throw new Error(`not a collection name: ${JSON.stringify(write.collection)}`);
    const dir = join(this.dir, write.collection);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    replaceFileSync(join(dir, fileName(write.id)), `${JSON.stringify(write)}\n`);
  }

  has(collection: string, id: string): boolean {
    return existsSync(join(this.dir, collection, fileName(id)));
  }

  /** Every waiting write, by collection. */
  pending(): Map<string, BufferedWrite[]> {
    const out = new Map<string, BufferedWrite[]>();
    for (const collection of readdirSync(this.dir)) {
      if (!COLLECTION.test(collection)) continue;
      const writes: BufferedWrite[] = [];
      for (const name of readdirSync(join(this.dir, collection))) {
        if (!name.endsWith('.json')) continue;
        try {
          writes.push(JSON.parse(readFileSync(join(this.dir, collection, name), 'utf8')) as BufferedWrite);
        } catch {
          // a temporary file of a write in progress, or gone meanwhile
        }
      }
      if (writes.length) out.set(collection, writes);
    }
    return out;
  }

  count(): number {
    let n = 0;
    for (const writes of this.pending().values()) n += writes.length;
    return n;
  }

  /** Removes the write once it is in ChromaDB, unless a newer one of the same id came meanwhile. */
  done(write: BufferedWrite): void {
    const path = join(this.dir, write.collection, fileName(write.id));
    try {
      const current = JSON.parse(readFileSync(path, 'utf8')) as BufferedWrite;
      if (current.version !== write.version) return;
    } catch {
      return;
    }
    rmSync(path, { force: true });
  }
}

function fileName(id: string): string {
  return `${createHash('sha256').update(id).digest('hex').slice(0, 32)}.json`;
}
