/**
 * The life of a stored action, from proposal to its end, with one table of the moves it may make:
 *
 *   validating -> pending | invalid | refused          (a NixOS change is built before anyone is asked)
 *   pending    -> approved | rejected | expired | refused
 *   approved   -> running | refused                    (the policy is asked again before it runs)
 *   running    -> succeeded | failed
 *
 * The one decision on a pending action (approve, reject, expire) is claimed in the store, so the
 * first wins across processes and everyone else is told who decided. What callers see is the
 * stored action with its status as of now: an undecided action past its time shows `expired`,
 * and an approved one whose process died before it finished shows `interrupted` (it is never
 * rerun by itself).
 */
import type { Config } from '@ai-sysadmin/core';
import type { AuditLog } from '../audit/audit-log.js';
import { entryBase } from '../audit/audit-records.js';
import { ActionAlreadyDecidedError } from '../errors/action-already-decided-error.js';
import { ActionExpiredError } from '../errors/action-expired-error.js';
import { ActionNotFoundError } from '../errors/action-not-found-error.js';
import type { PendingActionStore } from './pending-action-store.js';
import type { ActionStatus, ActionView, DecisionRecord, StoredAction } from './stored-action.js';

/** Every status an action may move to from each status; a status with none is final. */
export const ACTION_TRANSITIONS: Readonly<Record<ActionStatus, readonly ActionStatus[]>> = {
  validating: ['pending', 'invalid', 'refused'],
  pending: ['approved', 'rejected', 'expired', 'refused'],
  approved: ['running', 'refused'],
  running: ['succeeded', 'failed'],
  succeeded: [],
  failed: [],
  invalid: [],
  rejected: [],
  expired: [],
  refused: [],
  /** Shown, never stored: an approved or running action whose process is gone. */
  interrupted: [],
};

export const TERMINAL_STATUSES: readonly ActionStatus[] = (Object.keys(ACTION_TRANSITIONS) as ActionStatus[]).filter(
  (status) => ACTION_TRANSITIONS[status].length === 0,
);

/** Who decides, and what they said. */
export interface Decider {
  readonly by: string;
  readonly note?: string;
}

export interface ActionLifecycleOptions {
  readonly store: PendingActionStore;
  readonly audit: AuditLog;
  readonly config: () => Config;
  readonly now: () => Date;
}

export class ActionLifecycle {
  readonly store: PendingActionStore;
  private readonly audit: AuditLog;
  private readonly config: () => Config;
  private readonly now: () => Date;

  constructor(options: ActionLifecycleOptions) {
    this.store = options.store;
    this.audit = options.audit;
    this.config = options.config;
    this.now = options.now;
  }

  /** Stores a new action (pending, or validating for a NixOS change) under the next number. */
  create(action: Omit<StoredAction, 'id' | 'v' | 'createdAt' | 'expiresAt' | 'discussion'>): StoredAction {
    const now = this.now();
    const expiresAt = new Date(now.getTime() + this.config().approvals.expireAfterHours * 3_600_000).toISOString();
    return this.store.create({ v: 1, createdAt: now.toISOString(), expiresAt, ...action, discussion: [] });
  }

  load(id: number): StoredAction {
    const stored = this.store.get(id);
    if (!stored) throw new ActionNotFoundError(id, this.store.dir);
    return stored;
  }

  /** Moves the action to `to` (with any other changes) and stores it; a move the table does not allow is a bug. */
  moveTo(action: StoredAction, to: ActionStatus, changes: Partial<StoredAction> = {}): StoredAction {
    if (!ACTION_TRANSITIONS[action.status].includes(to)) {
      throw new Error(`action #${action.id} cannot move from ${action.status} to ${to}`);
    }
    const moved: StoredAction = { ...action, ...changes, status: to };
    this.store.save(moved);
    return moved;
  }

  /** Stores a change that is not a move (a discussion message, a link to its undo). */
  update(action: StoredAction, changes: Partial<Omit<StoredAction, 'status'>>): StoredAction {
    const updated: StoredAction = { ...action, ...changes };
    this.store.save(updated);
    return updated;
  }

  /** The stored action with its decision and its status as of now. */
  view(stored: StoredAction): ActionView {
    const decision = this.store.decision(stored.id);
    let status = stored.status;
    if (status === 'pending') {
      if (decision)
        status =
          decision.decision === 'approved'
            ? processAlive(decision.pid)
              ? 'approved'
              : 'interrupted'
            : decision.decision;
      else if (this.isPastExpiry(stored)) status = 'expired';
    } else if ((status === 'approved' || status === 'running') && decision && !processAlive(decision.pid)) {
      status = 'interrupted';
    }
    return { ...stored, status, ...(decision ? { decision } : {}) };
  }

  /** Stored actions, oldest first, optionally only those in the given states (as of now). */
  list(filter: { status?: ActionStatus | readonly ActionStatus[] } = {}): ActionView[] {
    const wanted = filter.status === undefined ? undefined : ([] as ActionStatus[]).concat(filter.status);
    return this.store
      .list()
      .map((a) => this.view(a))
      .filter((a) => !wanted || wanted.includes(a.status));
  }

  /** Takes the approval of a pending action (audited) and marks it approved; this process then runs it. */
  approve(id: number, by: Decider): StoredAction {
    return this.decide(id, { type: 'approval', decision: 'approved' }, by);
  }

  reject(id: number, by: Decider): StoredAction {
    return this.decide(id, { type: 'rejection', decision: 'rejected' }, by);
  }

  /**
   * Audits, once each, the approved actions whose process ended before they finished (a crash, a
   * kill -9): they show `interrupted` and are never run again by themselves. Returns them.
   */
  auditInterrupted(): ActionView[] {
    const interrupted = this.list({ status: 'interrupted' });
    if (interrupted.length === 0) return [];
    const audited = new Set(
      this.audit
        .find({ type: 'interrupted' })
        .map((e) => e.actionId)
        .filter((id) => id !== undefined),
    );
    const fresh = interrupted.filter((action) => !audited.has(action.id));
    for (const action of fresh)
      this.audit.append({
        ...entryBase(action),
        type: 'interrupted',
        note: `the process that ran it (pid ${action.decision?.pid ?? 'unknown'}) ended while it was ${action.runs?.length ? 'running' : 'about to run'}; it was not run again: look at the host, and propose it anew if it is still needed`,
      });
    return fresh;
  }

  /** Marks every pending action past its time as expired (audited); returns them. */
  expireDue(): ActionView[] {
    const expired: ActionView[] = [];
    for (const stored of this.store.list()) {
      if (stored.status !== 'pending' || this.store.decision(stored.id) || !this.isPastExpiry(stored)) continue;
      const done = this.expire(stored);
      if (done) expired.push(this.view(done));
    }
    return expired;
  }

  private decide(
    id: number,
    what: { type: 'approval'; decision: 'approved' } | { type: 'rejection'; decision: 'rejected' },
    by: Decider,
  ): StoredAction {
    const stored = this.claim(id, what.decision, by);
    this.audit.append({ ...entryBase(stored), ...what, actor: by.by, ...(by.note ? { note: by.note } : {}) });
    return this.moveTo(stored, what.decision);
  }

  /** Takes the one decision on a pending action, or says who took it. */
  private claim(id: number, decision: 'approved' | 'rejected', by: Decider): StoredAction {
    const stored = this.load(id);
    const existing = this.store.decision(id);
    if (existing?.decision === 'expired') throw new ActionExpiredError(id, stored.expiresAt);
    if (existing) throw new ActionAlreadyDecidedError(id, existing);
    if (stored.status !== 'pending') throw new ActionAlreadyDecidedError(id, { status: stored.status });
    if (this.isPastExpiry(stored)) {
      this.expire(stored);
      throw new ActionExpiredError(id, stored.expiresAt);
    }
    const record: DecisionRecord = {
      decision,
      by: by.by,
      at: this.now().toISOString(),
      ...(by.note ? { note: by.note } : {}),
      pid: process.pid,
    };
    if (!this.store.claimDecision(id, record)) {
      const winner = this.store.decision(id)!;
      if (winner.decision === 'expired') throw new ActionExpiredError(id, stored.expiresAt);
      throw new ActionAlreadyDecidedError(id, winner);
    }
    return stored;
  }

  /** Expires the action if no one decided first; the expired action, or undefined when someone was first. */
  private expire(stored: StoredAction): StoredAction | undefined {
    const won = this.store.claimDecision(stored.id, {
      decision: 'expired',
      by: 'expiry',
      at: this.now().toISOString(),
      pid: process.pid,
    });
    if (!won) return undefined;
    this.audit.append({
      ...entryBase(stored),
      type: 'expiry',
      decision: 'expired',
      note: `no decision before ${stored.expiresAt}`,
    });
    return this.moveTo(stored, 'expired');
  }

  private isPastExpiry(stored: StoredAction): boolean {
    return this.now().getTime() >= Date.parse(stored.expiresAt);
  }
}

/** Whether the process that took a decision still runs (EPERM: it runs, as another user). */
function processAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
