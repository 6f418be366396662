/**
 * What the daemon depends on (Redis, ChromaDB, Ollama, the LLM worker, Gotify, the webhook,
 * each managed host) and whether it is up now. A change is logged once: one clear line when a
 * dependency goes down, with the reason, and one when it is back; nothing while it stays down.
 */
import type { DependencyState, DependencyStatus, Logger } from '@ai-sysadmin/core';

interface Entry {
  state: DependencyState;
  since: string | null;
  detail: string;
}

export class DependencyMonitor {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly logger: Logger,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** A dependency that is not configured (no gotify section): never logged as down. */
  notConfigured(name: string, detail: string): void {
    this.entries.set(name, { state: 'not-configured', since: this.now().toISOString(), detail });
  }

  /** Known but not looked at yet. */
  expect(name: string, detail: string): void {
    if (!this.entries.has(name) || this.entries.get(name)!.state === 'not-configured')
      this.entries.set(name, { state: 'unknown', since: null, detail });
  }

  forget(name: string): void {
    this.entries.delete(name);
  }

  up(name: string, detail: string): void {
    const entry = this.entries.get(name);
    if (entry?.state === 'up') {
      entry.detail = detail;
      return;
    }
    if (entry?.state === 'down')
      this.logger.info({ dependency: name, downSince: entry.since }, `${name} is back: ${detail}`);
    this.entries.set(name, { state: 'up', since: this.now().toISOString(), detail });
  }

  down(name: string, reason: string, hint?: string): void {
    const entry = this.entries.get(name);
    if (entry?.state === 'down') {
      entry.detail = reason;
      return;
    }
    this.logger.warn(
      { dependency: name, reason, ...(hint ? { hint } : {}) },
      `${name} is down: ${reason}${hint ? ` (${hint})` : ''}`,
    );
    this.entries.set(name, { state: 'down', since: this.now().toISOString(), detail: reason });
  }

  state(name: string): DependencyState {
    return this.entries.get(name)?.state ?? 'unknown';
  }

  list(): DependencyStatus[] {
    return [...this.entries].map(([name, e]) => ({ name, state: e.state, since: e.since, detail: e.detail }));
  }
}
