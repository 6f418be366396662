import { readdirSync, rmSync, statSync, writeFileSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ToolCache, ToolCacheMissError, ToolCachePageError, parseConfig } from '@ai-sysadmin/core';
import { tempDir } from '../rig/index.js';

let dir: string;
let clock: number;
const cache = (over: Partial<ConstructorParameters<typeof ToolCache>[0]> = {}) =>
  new ToolCache({
    dir: join(dir, 'tool_cache'),
    ttlMs: 60_000,
    maxTotalBytes: 10 * 1024 * 1024,
    pageBytes: 1024,
    now: () => clock,
    ...over,
  });

beforeEach(() => {
  dir = tempDir('tool-cache');
  clock = Date.parse('2025-01-01T00:00:00Z');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const lines = (n: number) => Array.from({ length: n }, (_, i) => `line ${i + 1} of the output`).join('\n') + '\n';

describe('ToolCache', () => {
  it('keeps a text under an id and gives it back page by page, with line numbers', async () => {
    const text = lines(200);
    const entry = await cache().put(text, { label: 'journalctl -b on web1' });
    expect(entry).toMatchObject({ label: 'journalctl -b on web1', bytes: Buffer.byteLength(text), lines: 200 });
    expect(entry.pages).toBeGreaterThan(1);

    const pages = [];
    for (let n = 1; n <= entry.pages; n++) pages.push(await cache().page(entry.id, n));
    expect(pages.map((p) => p.text).join('')).toBe(text);
    expect(pages[0]!.firstLine).toBe(1);
    expect(pages.at(-1)!.lastLine).toBe(200);
    for (const [i, page] of pages.entries()) {
      expect(Buffer.byteLength(page.text)).toBeLessThanOrEqual(1024);
      expect(page.text.endsWith('\n')).toBe(true);
      if (i > 0) expect(page.firstLine).toBe(pages[i - 1]!.lastLine + 1);
      expect(page.text.split('\n')[0]).toBe(`line ${page.firstLine} of the output`);
    }
    expect(await cache().read(entry.id)).toBe(text);
  });

  it('takes a stream as it comes, without holding it in memory first', async () => {
    const text = lines(5000);
    const source = Readable.from(
      (function* () {
        for (let at = 0; at < text.length; at += 777) yield Buffer.from(text.slice(at, at + 777));
      })(),
    );
    const entry = await cache().put(source);
    expect(entry.lines).toBe(5000);
    expect(await cache().read(entry.id)).toBe(text);
    const last = await cache().page(entry.id, entry.pages);
    expect(last.text.trimEnd().split('\n').at(-1)).toBe('line 5000 of the output');
  });

  it('stores files only the owner can read, in a directory only the owner can enter', async () => {
    const entry = await cache().put('secret output\n');
    const base = join(dir, 'tool_cache');
    expect(statSync(base).mode & 0o777).toBe(0o700);
    for (const name of readdirSync(base)) expect(statSync(join(base, name)).mode & 0o777).toBe(0o600);
    expect(readdirSync(base).sort()).toEqual([`${entry.id}.json`, `${entry.id}.txt`]);
  });

  it('says clearly when an id is unknown, malformed or a page is out of range', async () => {
    const entry = await cache().put('one line\n');
    await expect(cache().page(entry.id, 2)).rejects.toThrow(ToolCachePageError);
    await expect(cache().page(entry.id, 2)).rejects.toThrow(/has 1 page; there is no page 2/);
    await expect(cache().info('tc_aaaaaaaa_000000000000')).rejects.toThrow(/does not exist/);
    // Ids come from LLM tool calls: a path is refused before any file is touched.
    const bad = cache().info('../../etc/passwd');
    await expect(bad).rejects.toThrow(ToolCacheMissError);
    await expect(cache().info('../../etc/passwd')).rejects.toThrow(/is not a valid id/);
  });

  it('forgets entries after their time, and cleanup removes them from disk', async () => {
    const c = cache();
    const old = await c.put('old\n');
    clock += 30_000;
    const young = await c.put('young\n');
    clock += 31_000;
    await expect(c.info(old.id)).rejects.toThrow(/has expired/);
    expect((await c.info(young.id)).lines).toBe(1);
    clock += 60_000;
    const { removed } = await c.cleanup();
    expect(removed).toEqual([young.id]);
    expect(readdirSync(join(dir, 'tool_cache'))).toEqual([]);
  });

  it('removes the oldest entries first when the cache grows past its size limit', async () => {
    const c = cache({ maxTotalBytes: 2500 });
    const ids = [];
    for (let i = 0; i < 4; i++) {
      ids.push((await c.put('x'.repeat(1000))).id);
      clock += 1000;
    }
    const { removed, bytesLeft } = await c.cleanup();
    expect(removed).toEqual([ids[0], ids[1]]);
    expect(bytesLeft).toBe(2000);
    expect((await c.info(ids[3]!)).bytes).toBe(1000);
  });

  it('clears writes that died half-way, and never shows them as entries', async () => {
    const c = cache();
    await c.put('seed\n');
    const base = join(dir, 'tool_cache');
    const partial = join(base, 'tc_aaaaaaaa_000000000000.txt.partial');
    writeFileSync(partial, 'half');
    const old = new Date(clock - 2 * 3600_000);
    utimesSync(partial, old, old);
    await c.cleanup();
    expect(readdirSync(base).some((n) => n.endsWith('.partial'))).toBe(false);
  });

  it('lives under <stateDir>/tool_cache with the configured page size', async () => {
    const c = ToolCache.fromConfig(parseConfig({ stateDir: dir, toolCache: { pageBytes: 2048 } }));
    expect(c.dir).toBe(join(dir, 'tool_cache'));
    const entry = await c.put(lines(300));
    const page = await c.page(entry.id, 1);
    expect(Buffer.byteLength(page.text)).toBeLessThanOrEqual(2048);
    expect(Buffer.byteLength(page.text)).toBeGreaterThan(2000);
  });
});
