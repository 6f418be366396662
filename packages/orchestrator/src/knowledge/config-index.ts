/**
 * The `configs` collection: the files of `configRepo` (the NixOS flake) in chunks of
 * CHUNK_LINES lines, each with its path and line range, so the agent can find where something is
 * configured. It is built again when the repository's git HEAD moves (looked at after each cycle):
 * every chunk is written again (through the vector store's buffer) and the chunks of files that
 * are gone or shorter are removed. HEAD is read from the repository's files (no git command runs);
 * what was indexed, and from which HEAD, is kept in `<stateDir>/config-index.json`.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { type ConfigIndexState, type Logger, errorMessage, replaceFileSync } from '@ai-sysadmin/core';
import type { VectorStore } from '../vector-store/vector-store.js';
import { CONFIGS_COLLECTION } from './knowledge-base.js';

export const CHUNK_LINES = 40;
const MAX_FILE_BYTES = 256 * 1024;
const SKIP_DIRS = new Set(['.git', 'node_modules', 'result', '.direnv']);

interface SavedState {
  readonly repo: string;
  readonly head: string;
  readonly ids: readonly string[];
  readonly files: number;
  readonly indexedAt: string;
}

export class ConfigIndex {
  private saved: SavedState | null;
  private running: Promise<void> | undefined;
  private progress: { done: number; total: number } | undefined;
  private lastError: string | null = null;

  constructor(
    private repo: string | undefined,
    private readonly store: VectorStore,
    private readonly statePath: string,
    private readonly logger: Logger,
  ) {
    this.saved = readSaved(statePath);
  }

  setRepo(repo: string | undefined): void {
    this.repo = repo;
  }

  state(): ConfigIndexState {
    const current = this.saved?.repo === this.repo ? this.saved : null;
    return {
      repo: this.repo ?? null,
      head: current?.head ?? null,
      files: current?.files ?? 0,
      chunks: current?.ids.length ?? 0,
      indexing: this.running !== undefined,
      ...(this.progress ? { progress: { ...this.progress } } : {}),
      indexedAt: current?.indexedAt ?? null,
      error: this.lastError,
    };
  }

  /** Indexes again when HEAD moved since the last indexing (or `force`); resolves when done. */
  refresh(options: { force?: boolean } = {}): Promise<void> {
    if (this.running) return this.running;
    const repo = this.repo;
    if (!repo) return Promise.resolve();
    let head: string;
    try {
      head = gitHead(repo);
    } catch (error) {
      this.lastError = `configRepo ${repo}: ${errorMessage(error)}`;
      return Promise.resolve();
    }
    if (!options.force && this.saved?.repo === repo && this.saved.head === head) return Promise.resolve();
    this.running = this.index(repo, head).finally(() => {
      this.running = undefined;
      this.progress = undefined;
    });
    return this.running;
  }

  private async index(repo: string, head: string): Promise<void> {
    const started = performance.now();
    try {
      const files = listFiles(repo);
      this.progress = { done: 0, total: files.length };
      this.logger.info({ repo, head, files: files.length }, `indexing configRepo ${repo} at ${head.slice(0, 12)}`);
      const ids: string[] = [];
      for (const file of files) {
        const path = relative(repo, file);
        const records = chunksOf(path, readFileSync(file, 'utf8'));
        this.store.upsert(CONFIGS_COLLECTION, records);
        ids.push(...records.map((r) => r.id));
        this.progress.done++;
        // Let the API answer while a large repository is read.
        await new Promise((resolve) => setImmediate(resolve));
      }
      const keep = new Set(ids);
      const gone = this.saved?.repo === repo ? this.saved.ids.filter((id) => !keep.has(id)) : [];
      if (gone.length) this.store.remove(CONFIGS_COLLECTION, gone);
      this.saved = { repo, head, ids, files: files.length, indexedAt: new Date().toISOString() };
      replaceFileSync(this.statePath, `${JSON.stringify(this.saved)}\n`);
      this.lastError = null;
      this.logger.info(
        {
          repo,
          head,
          files: files.length,
          chunks: ids.length,
          removed: gone.length,
          ms: Math.round(performance.now() - started),
        },
        'configRepo indexed (chunks reach ChromaDB through the vector buffer)',
      );
    } catch (error) {
      this.lastError = `indexing ${repo} failed: ${errorMessage(error)}`;
      this.logger.error({ repo, err: errorMessage(error) }, 'indexing configRepo failed');
    }
  }
}

/** The commit HEAD points at, from .git/HEAD, the ref file or packed-refs. */
export function gitHead(repo: string): string {
  let gitDir = join(repo, '.git');
  if (statSync(gitDir).isFile()) {
    // A worktree: ".git" says "gitdir: <path>".
    const line = readFileSync(gitDir, 'utf8').trim();
    gitDir = line.replace(/^gitdir:\s*/, '');
  }
  const head = readFileSync(join(gitDir, 'HEAD'), 'utf8').trim();
  if (!head.startsWith('ref:')) return head;
  const ref = head.slice(4).trim();
  const commonDir = existsSync(join(gitDir, 'commondir'))
    ? join(gitDir, readFileSync(join(gitDir, 'commondir'), 'utf8').trim())
    : gitDir;
  for (const dir of [gitDir, commonDir]) {
    const file = join(dir, ref);
    if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  }
  const packed = join(commonDir, 'packed-refs');
  if (existsSync(packed))
    for (const line of readFileSync(packed, 'utf8').split('\n')) {
      const [sha, name] = line.split(' ');
      if (name === ref && sha) return sha;
    }
  return `unborn:${ref}`;
}

function listFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIP_DIRS.has(entry.name)) walk(path);
      } else if (entry.isFile() && statSync(path).size <= MAX_FILE_BYTES && isText(path)) {
        out.push(path);
      }
    }
  };
  walk(root);
  return out;
}

function isText(path: string): boolean {
  const head = readFileSync(path).subarray(0, 4096);
  return !head.includes(0);
}

export function chunksOf(path: string, text: string) {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  const records = [];
  for (let start = 0; start < Math.max(lines.length, 1); start += CHUNK_LINES) {
    const body = lines.slice(start, start + CHUNK_LINES);
    const endLine = start + Math.max(body.length, 1);
    records.push({
      id: `config:${path}:${start / CHUNK_LINES}`,
      document: `${path} lines ${start + 1}-${endLine}\n${body.join('\n')}`,
      metadata: { path, startLine: start + 1, endLine },
    });
  }
  return records;
}

function readSaved(path: string): SavedState | null {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as SavedState;
  } catch {
    return null;
  }
}
