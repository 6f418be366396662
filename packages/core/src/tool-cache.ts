/**
 * Full outputs kept on disk under <stateDir>/tool_cache, each under an id, read back by page.
 * The worker keeps every text it summarizes here; the executor keeps command output beyond its
 * cap here. An LLM that saw a summary or a cut output can ask for any page by id.
 *
 * Each entry is two files: `<id>.txt` (the bytes as written) and `<id>.json` (sizes, page
 * offsets, expiry). Both are written under a temporary name, fsynced and renamed
 * (`utilities/atomic-file.ts`), the metadata last, so an entry is either complete or absent.
 * Files are 0600 in a 0700 directory: outputs can hold anything a command printed.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, readdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import { z } from 'zod';
import type { Config } from './config-schema.js';
import { ToolCacheMissError, ToolCachePageError } from './errors/tool-cache-errors.js';
import { PageSplitter } from './page-splitter.js';
import { isToolCacheId, newToolCacheId } from './tool-cache-id.js';
import { renameDurably, replaceFile } from './utilities/atomic-file.js';
import { TOOL_CACHE_SPILL_DIR, stateLayout } from './state-layout.js';

export interface ToolCacheOptions {
  /** The cache directory, created (0700) on first use. */
  dir: string;
  ttlMs: number;
  maxTotalBytes: number;
  pageBytes: number;
  /** The clock, for tests of expiry. */
  now?: () => number;
}

const entrySchema = z.object({
  id: z.string(),
  label: z.string().optional(),
  createdAt: z.number(),
  expiresAt: z.number(),
  bytes: z.number().int().min(0),
  lines: z.number().int().min(0),
  pageBytes: z.number().int().min(1),
  pageStarts: z.array(z.number().int().min(0)),
  pageFirstLines: z.array(z.number().int().min(1)),
});

/** What is known about an entry without reading it. */
export interface ToolCacheInfo {
  id: string;
  /** What the output is, e.g. "journalctl -p warning on web1". */
  label?: string;
  createdAt: Date;
  expiresAt: Date;
  bytes: number;
  lines: number;
  pages: number;
}

export interface ToolCachePage {
  id: string;
  /** 1-based. */
  page: number;
  pages: number;
  /** 1-based line the page starts in, and the last line it touches. */
  firstLine: number;
  lastLine: number;
  lines: number;
  text: string;
}

export interface PutOptions {
  label?: string;
  /** Overrides the cache's ttl for this entry. */
  ttlMs?: number;
}

export type CacheableContent = string | Uint8Array | AsyncIterable<string | Uint8Array>;

/** Opportunistic cleanup after a put runs at most this often. */
const CLEANUP_EVERY_MS = 10 * 60 * 1000;
/** A temporary file this old belongs to a write that died. */
const ABANDONED_WRITE_MS = 60 * 60 * 1000;

export class ToolCache {
  readonly dir: string;
  private readonly ttlMs: number;
  private readonly maxTotalBytes: number;
  private readonly pageBytes: number;
  private readonly now: () => number;
  private lastCleanup = 0;

  constructor(options: ToolCacheOptions) {
    this.dir = options.dir;
    this.ttlMs = options.ttlMs;
    this.maxTotalBytes = options.maxTotalBytes;
    this.pageBytes = options.pageBytes;
    this.now = options.now ?? Date.now;
  }

  /** Where a producer (a runner) writes a stream whole before it is put here: `<dir>/.spill`. */
  get spillDir(): string {
    return join(this.dir, TOOL_CACHE_SPILL_DIR);
  }

  static fromConfig(config: Config): ToolCache {
    return new ToolCache({
      dir: stateLayout(config.stateDir).toolCacheDir,
      ttlMs: config.toolCache.ttlHours * 3600_000,
      maxTotalBytes: config.toolCache.maxTotalMiB * 1024 * 1024,
      pageBytes: config.toolCache.pageBytes,
    });
  }

  /** Stores the content (a string, bytes, or a stream of either) and returns its entry. */
  async put(content: CacheableContent, options: PutOptions = {}): Promise<ToolCacheInfo> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    const id = newToolCacheId(this.now());
    const splitter = new PageSplitter(this.pageBytes);
    const textPath = this.textPath(id);
    const out = createWriteStream(`${textPath}.partial`, { mode: 0o600 });
    try {
      for await (const piece of chunksOf(content)) {
        splitter.push(piece);
        if (!out.write(piece)) await new Promise<void>((resolve) => out.once('drain', resolve));
      }
      out.end();
      await finished(out);
    } catch (error) {
      out.destroy();
      await rm(`${textPath}.partial`, { force: true });
      throw error;
    }
    const split = splitter.finish();
    const createdAt = this.now();
    const entry: z.infer<typeof entrySchema> = {
      id,
      ...(options.label ? { label: options.label } : {}),
      createdAt,
      expiresAt: createdAt + (options.ttlMs ?? this.ttlMs),
      bytes: split.bytes,
      lines: split.lines,
      pageBytes: this.pageBytes,
      pageStarts: split.pageStarts,
      pageFirstLines: split.pageFirstLines,
    };
    await renameDurably(`${textPath}.partial`, textPath);
    await replaceFile(this.metaPath(id), JSON.stringify(entry));
    if (createdAt - this.lastCleanup > CLEANUP_EVERY_MS) {
      this.lastCleanup = createdAt;
      await this.cleanup();
    }
    return toInfo(entry);
  }

  async info(id: string): Promise<ToolCacheInfo> {
    return toInfo(await this.entry(id));
  }

  /** Page `n` (1-based) of an entry. */
  async page(id: string, n: number): Promise<ToolCachePage> {
    const entry = await this.entry(id);
    const pages = entry.pageStarts.length;
    if (!Number.isInteger(n) || n < 1 || n > pages) throw new ToolCachePageError(id, n, pages);
    const start = entry.pageStarts[n - 1]!;
    const end = n < pages ? entry.pageStarts[n]! : entry.bytes;
    const buffer = Buffer.alloc(end - start);
    const handle = await open(this.textPath(id), 'r');
    try {
      await handle.read(buffer, 0, buffer.length, start);
    } finally {
      await handle.close();
    }
    const text = buffer.toString('utf8');
    const firstLine = entry.pageFirstLines[n - 1]!;
    const newlines = countNewlines(text);
    const lastLine = Math.max(firstLine, firstLine + newlines - (text.endsWith('\n') ? 1 : 0));
    return { id, page: n, pages, firstLine, lastLine, lines: text === '' ? 0 : lastLine - firstLine + 1, text };
  }

  /** The whole entry as text. */
  async read(id: string): Promise<string> {
    await this.entry(id);
    return readFile(this.textPath(id), 'utf8');
  }

  /** The whole entry as a stream of bytes. */
  async stream(id: string): Promise<NodeJS.ReadableStream> {
    await this.entry(id);
    return createReadStream(this.textPath(id));
  }

  async remove(id: string): Promise<void> {
    if (!isToolCacheId(id)) throw new ToolCacheMissError(id, 'invalid-id');
    await rm(this.metaPath(id), { force: true });
    await rm(this.textPath(id), { force: true });
  }

  /**
   * Removes expired entries and writes that died half-way, then the oldest entries while the
   * cache is larger than its limit.
   */
  async cleanup(): Promise<{ removed: string[]; bytesLeft: number }> {
    const now = this.now();
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { removed: [], bytesLeft: 0 };
      throw error;
    }
    const removed: string[] = [];
    const live: Array<{ id: string; createdAt: number; bytes: number }> = [];
    for (const name of names) {
      const path = join(this.dir, name);
      if (name.endsWith('.partial')) {
        const info = await stat(path).catch(() => undefined);
        if (info && now - info.mtimeMs > ABANDONED_WRITE_MS) await rm(path, { force: true });
        continue;
      }
      const id = name.replace(/\.(json|txt)$/, '');
      if (!isToolCacheId(id)) continue;
      if (name.endsWith('.txt')) {
        // Text without metadata: a write that died between the two renames.
        const hasMeta = names.includes(`${id}.json`);
        const info = hasMeta ? undefined : await stat(path).catch(() => undefined);
        if (info && now - info.mtimeMs > ABANDONED_WRITE_MS) await rm(path, { force: true });
        continue;
      }
      const entry = await this.readEntry(id);
      if (!entry || entry.expiresAt <= now) {
        await this.remove(id);
        removed.push(id);
      } else {
        live.push({ id, createdAt: entry.createdAt, bytes: entry.bytes });
      }
    }
    live.sort((a, b) => a.createdAt - b.createdAt);
    let total = live.reduce((sum, e) => sum + e.bytes, 0);
    while (total > this.maxTotalBytes && live.length > 0) {
      const oldest = live.shift()!;
      await this.remove(oldest.id);
      removed.push(oldest.id);
      total -= oldest.bytes;
    }
    return { removed, bytesLeft: total };
  }

  private async entry(id: string): Promise<z.infer<typeof entrySchema>> {
    if (!isToolCacheId(id)) throw new ToolCacheMissError(id, 'invalid-id');
    const entry = await this.readEntry(id);
    if (!entry) throw new ToolCacheMissError(id, 'unknown');
    if (entry.expiresAt <= this.now()) {
      await this.remove(id);
      throw new ToolCacheMissError(id, 'expired');
    }
    return entry;
  }

  private async readEntry(id: string): Promise<z.infer<typeof entrySchema> | undefined> {
    let text: string;
    try {
      text = await readFile(this.metaPath(id), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    const parsed = entrySchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  }

  private textPath(id: string): string {
    return join(this.dir, `${id}.txt`);
  }

  private metaPath(id: string): string {
    return join(this.dir, `${id}.json`);
  }
}

function toInfo(entry: z.infer<typeof entrySchema>): ToolCacheInfo {
  return {
    id: entry.id,
    ...(entry.label ? { label: entry.label } : {}),
    createdAt: new Date(entry.createdAt),
    expiresAt: new Date(entry.expiresAt),
    bytes: entry.bytes,
    lines: entry.lines,
    pages: entry.pageStarts.length,
  };
}

async function* chunksOf(content: CacheableContent): AsyncIterable<Uint8Array> {
  if (typeof content === 'string') {
    yield Buffer.from(content, 'utf8');
  } else if (content instanceof Uint8Array) {
    yield content;
  } else {
    for await (const piece of content) yield typeof piece === 'string' ? Buffer.from(piece, 'utf8') : piece;
  }
}

function countNewlines(text: string): number {
  let count = 0;
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) count++;
  return count;
}
