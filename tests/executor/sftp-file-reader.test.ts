/**
 * The sftp reader against a real OpenSSH sftp-server from the rig: every file comes back whole,
 * byte for byte, at each size around the reader's read boundaries, and every directory listing
 * is complete however many batches the server answers it in.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '@ai-sysadmin/core';
import { RunnerPool, type SshRunner } from '@ai-sysadmin/executor';
import type { FileReader } from '@ai-sysadmin/executor/runner';
import { type SshHost, startSshHost, tempDir } from '../rig/index.js';

let host: SshHost;
let pool: RunnerPool;
let reader: FileReader;
const dir = tempDir('sftp-files');

/** Sizes at and around the 4 KiB first read, its 8 KiB pair, the 64 KiB chunk, and a large file. */
const SIZES = [0, 1, 4095, 4096, 4097, 8191, 8192, 8193, 65536, 65537, 300_000];

/** Text of a given size whose every position is different, so a chunk out of place shows. */
function textOf(size: number): string {
  return randomBytes(Math.ceil(size / 2))
    .toString('hex')
    .slice(0, size);
}

const contents = new Map(SIZES.map((size) => [join(dir, `file-${size}`), textOf(size)]));

beforeAll(async () => {
  for (const [path, text] of contents) writeFileSync(path, text);
  for (const count of [0, 3, 250]) {
    const sub = join(dir, `dir-${count}`);
    mkdirSync(sub);
    for (let i = 0; i < count; i++) writeFileSync(join(sub, `entry-${i}`), '');
  }
  symlinkSync(join(dir, 'file-1'), join(dir, 'link'));
  host = await startSshHost({ name: 'files1' });
  pool = new RunnerPool(
    parseConfig({ stateDir: tempDir('state'), remoteSystems: [host.remoteSystem()], ssh: host.sshConfig() }),
  );
  reader = await (pool.runner('files1') as SshRunner).openFileReader({ timeoutMs: 10_000 });
});
afterAll(async () => {
  await reader?.close();
  await pool?.closeAll();
  await host?.stop();
});

describe('sftp file reader', () => {
  it('reads every file whole, at every size around its read boundaries, all at once', async () => {
    const paths = [...contents.keys()];
    const files = await reader.readFiles(paths);
    for (const path of paths) expect(files.get(path)?.length, path).toBe(contents.get(path)!.length);
    for (const path of paths) expect(files.get(path) === contents.get(path), path).toBe(true);
  });

  it('reads kernel files that report no size, and leaves out what does not exist', async () => {
    const files = await reader.readFiles(['/proc/self/status', '/proc/mounts', join(dir, 'missing')]);
    expect(files.get('/proc/self/status')).toMatch(/^Name:\s+sftp-server/m);
    expect(files.get('/proc/mounts')).toMatch(/ \/ /);
    expect(files.has(join(dir, 'missing'))).toBe(false);
  });

  it('lists directories of no, a few and many entries whole, and a missing one as null', async () => {
    expect(await reader.listDir(join(dir, 'dir-0'))).toEqual([]);
    expect((await reader.listDir(join(dir, 'dir-3')))?.sort()).toEqual(['entry-0', 'entry-1', 'entry-2']);
    const many = await reader.listDir(join(dir, 'dir-250'));
    expect(new Set(many)).toEqual(new Set(Array.from({ length: 250 }, (_, i) => `entry-${i}`)));
    expect(many).toHaveLength(250);
    expect(await reader.listDir(join(dir, 'no-such-dir'))).toBeNull();
  });

  it('reads a link and asks statvfs in the same session', async () => {
    expect(await reader.readLink(join(dir, 'link'))).toBe(join(dir, 'file-1'));
    const stats = await reader.statFs!(['/']);
    expect(stats?.get('/')?.blocks).toBeGreaterThan(0);
  });
});
