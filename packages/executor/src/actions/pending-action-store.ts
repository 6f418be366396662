/**
 * The pending-action store: one JSON file per action in `<stateDir>/actions/`, numbered from 1.
 *
 *   actions/7.json       the action (replaced atomically on every change)
 *   actions/7.decision   the one decision on it: approved, rejected or expired
 *
 * Numbers are taken by creating `<n>.json` exclusively, so two processes never get the same one.
 * A decision is claimed the same way: whoever creates `<n>.decision` first decided, and everyone
 * else is told so. That is what makes approval exactly-once, even with two processes racing.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ActionStoreError } from '../errors/action-store-error.js';
import type { DecisionRecord, StoredAction } from './stored-action.js';
import { createExclusiveSync, replaceFileSync, stateLayout } from '@ai-sysadmin/core';

export class PendingActionStore {
  readonly dir: string;

  constructor(stateDir: string) {
    this.dir = stateLayout(stateDir).actionsDir;
    try {
      mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    } catch (error) {
      throw new ActionStoreError('create the action directory', this.dir, error);
    }
  }

  private actionPath(id: number): string {
    return join(this.dir, `${id}.json`);
  }

  private decisionPath(id: number): string {
    return join(this.dir, `${id}.decision`);
  }

  /** Stores a new action under the next free number and returns it. */
  create(action: Omit<StoredAction, 'id'>): StoredAction {
    let id = this.highestId() + 1;
    for (;;) {
      const stored: StoredAction = { ...action, id } as StoredAction;
      try {
        if (createExclusiveSync(this.actionPath(id), serialise(stored))) return stored;
      } catch (error) {
        throw new ActionStoreError('store a new action in', this.dir, error);
      }
      id++;
    }
  }

  get(id: number): StoredAction | undefined {
    const path = this.actionPath(id);
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw new ActionStoreError('read', path, error);
    }
    return JSON.parse(text) as StoredAction;
  }

  /** Every stored action, oldest first. */
  list(): StoredAction[] {
    return this.ids()
      .map((id) => this.get(id))
      .filter((a): a is StoredAction => a !== undefined);
  }

  /** Writes a changed action back (the process that holds its decision is the only one that does). */
  save(action: StoredAction): void {
    try {
      replaceFileSync(this.actionPath(action.id), serialise(action));
    } catch (error) {
      throw new ActionStoreError('update', this.actionPath(action.id), error);
    }
  }

  /** Claims the one decision on an action; false when someone else decided first. */
  claimDecision(id: number, decision: DecisionRecord): boolean {
    try {
      return createExclusiveSync(this.decisionPath(id), `${JSON.stringify(decision)}\n`);
    } catch (error) {
      throw new ActionStoreError('record the decision in', this.decisionPath(id), error);
    }
  }

  decision(id: number): DecisionRecord | undefined {
    const path = this.decisionPath(id);
    if (!existsSync(path)) return undefined;
    return JSON.parse(readFileSync(path, 'utf8')) as DecisionRecord;
  }

  private ids(): number[] {
    return readdirSync(this.dir)
      .map((name) => /^(\d+)\.json$/.exec(name)?.[1])
      .filter((n): n is string => n !== undefined)
      .map(Number)
      .sort((a, b) => a - b);
  }

  private highestId(): number {
    return this.ids().at(-1) ?? 0;
  }
}

function serialise(action: StoredAction): string {
  return `${JSON.stringify(action, null, 2)}\n`;
}
