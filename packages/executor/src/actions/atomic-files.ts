/**
 * Small files written so a crash or a second process never sees half of one: the content goes to
 * a temporary file, is fsynced, and then appears under its name in one step, by rename (replace)
 * or by link (create only if absent, which is how two processes race for one name fairly).
 */
import { closeSync, fsyncSync, linkSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { randomUUID } from 'node:crypto';

function writeTemp(path: string, content: string): string {
  const temp = join(dirname(path), `.tmp-${process.pid}-${randomUUID()}`);
  const fd = openSync(temp, 'wx', 0o600);
  try {
    writeSync(fd, content);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return temp;
}

function syncDir(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Replaces (or creates) the file with the content, all at once. */
export function replaceFile(path: string, content: string): void {
  const temp = writeTemp(path, content);
  try {
    renameSync(temp, path);
  } catch (error) {
    unlinkSync(temp);
    throw error;
  }
  syncDir(dirname(path));
}

/** Creates the file with the content only if no file has that name; false when one has (someone was first). */
export function createExclusive(path: string, content: string): boolean {
  const temp = writeTemp(path, content);
  try {
    linkSync(temp, path);
    syncDir(dirname(path));
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    unlinkSync(temp);
  }
}
