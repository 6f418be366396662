/**
 * Files written so a crash or a second process never sees half of one: the content goes to a
 * temporary file in the same directory, is fsynced, and then appears under its name in one step,
 * by rename (replace) or by link (create only if absent, which is how two processes race for one
 * name fairly); the directory is fsynced after, so the new name survives a crash too.
 *
 * The synchronous forms serve the executor's action store (a decision is on disk before the call
 * returns); the asynchronous ones serve files written off the hot path (check state, tool cache).
 */
import { randomUUID } from 'node:crypto';
import { closeSync, fsyncSync, linkSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export interface AtomicWriteOptions {
  /** The new file's mode; default 0600. */
  readonly mode?: number;
}

/**
 * A temporary name beside `path`, unique to this write. It ends in `.partial`, the mark by which
 * a cleanup (the tool cache's) knows a write that died half-way.
 */
export function temporaryPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}-${randomUUID()}.partial`);
}

/** Replaces (or creates) the file with the content, all at once. */
export function replaceFileSync(path: string, content: string, options: AtomicWriteOptions = {}): void {
  const temp = writeTempSync(path, content, options);
  try {
    renameSync(temp, path);
  } catch (error) {
    unlinkSync(temp);
    throw error;
  }
  syncDirSync(dirname(path));
}

/** Creates the file with the content only if no file has that name; false when one has (someone was first). */
export function createExclusiveSync(path: string, content: string, options: AtomicWriteOptions = {}): boolean {
  const temp = writeTempSync(path, content, options);
  try {
    linkSync(temp, path);
    syncDirSync(dirname(path));
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    unlinkSync(temp);
  }
}

/** Replaces (or creates) the file with the content, all at once. */
export async function replaceFile(
  path: string,
  content: string | Uint8Array,
  options: AtomicWriteOptions = {},
): Promise<void> {
  const temp = temporaryPathFor(path);
  const handle = await open(temp, 'wx', options.mode ?? 0o600);
  try {
    await handle.writeFile(content);
    await handle.sync();
  } catch (error) {
    await handle.close();
    await rm(temp, { force: true });
    throw error;
  }
  await handle.close();
  await renameDurably(temp, path);
}

/**
 * Gives a file written under a temporary name (a stream, say) its real name: fsynced first, then
 * renamed, then the directory fsynced.
 */
export async function renameDurably(temp: string, path: string): Promise<void> {
  const handle = await open(temp, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  await syncDir(dirname(path));
}

/**
 * Writes all of the data or throws: write(2) may take only part of it (a disk that fills up on
 * the way takes what fits and says ENOSPC only on the next call), which must never pass for a
 * whole file or line.
 */
export function writeFullySync(fd: number, data: string | Uint8Array): void {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  let done = 0;
  while (done < bytes.length) done += writeSync(fd, bytes, done, bytes.length - done);
}

function writeTempSync(path: string, content: string, options: AtomicWriteOptions): string {
  const temp = temporaryPathFor(path);
  const fd = openSync(temp, 'wx', options.mode ?? 0o600);
  try {
    writeFullySync(fd, content);
    fsyncSync(fd);
  } catch (error) {
    closeSync(fd);
    unlinkSync(temp);
    throw error;
  }
  closeSync(fd);
  return temp;
}

function syncDirSync(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
