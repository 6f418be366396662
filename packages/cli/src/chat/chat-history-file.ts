/** The line-editing history of `chat` across sessions: $XDG_STATE_HOME/ai-sysadmin/chat_history (newest last, 1000 lines). */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

const KEEP = 1000;

export function historyFilePath(env = process.env): string {
  const base = env.XDG_STATE_HOME || join(env.HOME || homedir(), '.local', 'state');
  return join(base, 'ai-sysadmin', 'chat_history');
}

/** Newest first, as node:readline wants it. */
export function loadHistory(path = historyFilePath()): string[] {
  try {
    return readFileSync(path, 'utf8').split('\n').filter(Boolean).reverse().slice(0, KEEP);
  } catch {
    return [];
  }
}

/** `lines` newest first; a history that cannot be written is not worth stopping a chat for. */
export function saveHistory(lines: readonly string[], path = historyFilePath()): void {
  try {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    writeFileSync(path, `${[...lines.slice(0, KEEP)].reverse().join('\n')}\n`, { mode: 0o600 });
  } catch {
    // read-only home: the history lasts this session
  }
}
