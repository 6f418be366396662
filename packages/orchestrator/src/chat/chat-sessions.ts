/**
 * Chat sessions on disk: `<stateDir>/chat-sessions/<id>.json`, one file per session, each write a
 * whole new file (write to a temporary name, then rename), so a crash never leaves half a session
 * and the history survives a restart. Past `agent.maxSessions` the least recently used go first.
 */
import { mkdirSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import {
  type ChatSessionSummary,
  type ChatSessionView,
  type ChatTurn,
  chatSessionIdSchema,
  replaceFileSync,
} from '@ai-sysadmin/core';
import { ChatSessionNotFoundError } from '../errors/chat-session-not-found-error.js';

export class ChatSessionStore {
  constructor(
    readonly dir: string,
    private maxSessions: number,
    private readonly now: () => Date = () => new Date(),
  ) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  }

  setMaxSessions(max: number): void {
    this.maxSessions = max;
  }

  find(id: string): ChatSessionView | undefined {
    if (!chatSessionIdSchema.safeParse(id).success) return undefined;
    try {
      return JSON.parse(readFileSync(this.path(id), 'utf8')) as ChatSessionView;
    } catch {
      return undefined;
    }
  }

  get(id: string): ChatSessionView {
    const session = this.find(id);
    if (!session) throw new ChatSessionNotFoundError(id);
    return session;
  }

  /** The session, created empty (with `actionId` for a discussion) when it does not exist yet. */
  open(id: string, extra: { actionId?: number } = {}): ChatSessionView {
    const found = this.find(id);
    if (found) return found;
    const at = this.now().toISOString();
    const session: ChatSessionView = { session: id, createdAt: at, updatedAt: at, ...extra, turns: [] };
    this.save(session);
    return session;
  }

  append(id: string, turn: Omit<ChatTurn, 'at'>): ChatSessionView {
    const session = this.open(id);
    const at = this.now().toISOString();
    const next: ChatSessionView = { ...session, updatedAt: at, turns: [...session.turns, { ...turn, at }] };
    this.save(next);
    return next;
  }

  list(): ChatSessionSummary[] {
    return this.ids()
      .map((id) => this.find(id))
      .filter((s): s is ChatSessionView => s !== undefined)
      .map((s) => ({
        session: s.session,
        updatedAt: s.updatedAt,
        turns: s.turns.length,
        firstMessage: s.turns.find((t) => t.role === 'user')?.text.slice(0, 200) ?? '',
      }))
      .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
  }

  private save(session: ChatSessionView): void {
    replaceFileSync(this.path(session.session), `${JSON.stringify(session)}\n`);
    this.prune(session.session);
  }

  private prune(keep: string): void {
    const ids = this.ids();
    if (ids.length <= this.maxSessions) return;
    const byAge = ids
      .filter((id) => id !== keep)
      .map((id) => ({ id, mtime: safeMtime(this.path(id)) }))
      .sort((a, b) => a.mtime - b.mtime);
    for (const { id } of byAge.slice(0, ids.length - this.maxSessions)) rmSync(this.path(id), { force: true });
  }

  private ids(): string[] {
    return readdirSync(this.dir)
      .filter((n) => n.endsWith('.json') && !n.startsWith('.'))
      .map((n) => n.slice(0, -5));
  }

  private path(id: string): string {
    return join(this.dir, `${id}.json`);
  }
}

function safeMtime(path: string): number {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}
