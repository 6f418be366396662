/**
 * When each host was last checked, kept in `<stateDir>/check-state.json`, so journal errors are
 * counted "since the last check". Where the state directory cannot be written, the window is
 * `checkInterval` instead, and the journal part says so: a time that cannot be kept is never used,
 * or the same errors would be counted again on every check.
 */
import { constants } from 'node:fs';
import { access, mkdir, readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { JournalWindow } from './parts/journal-part.js';
import { replaceFile, STATE_NAMES, stateLayout } from '@ai-sysadmin/core';

/** Its name under stateDir (core's state layout). */
export const CHECK_STATE_FILE = STATE_NAMES.checkState;
/** A window never reaches further back than this: errors from last week are not a burst. */
export const MAX_JOURNAL_WINDOW_MS = 24 * 3600 * 1000;

const stateSchema = z.object({
  lastCheck: z.record(z.string(), z.iso.datetime()).default({}),
});

export class CheckStateStore {
  readonly path: string;
  private lastCheck: Record<string, string> = {};
  /** Why the state cannot be kept, once open() found out; undefined when it can. */
  private problem: string | undefined;

  constructor(
    private readonly stateDir: string,
    private readonly checkIntervalSec: number,
  ) {
    this.path = stateLayout(stateDir).checkState;
  }

  /** Creates the state directory when missing and reads the last check times. Never throws. */
  async open(): Promise<void> {
    try {
      await mkdir(this.stateDir, { recursive: true, mode: 0o750 });
      await access(this.stateDir, constants.W_OK);
    } catch (error) {
      this.problem = `${this.stateDir} cannot be written (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`;
      return;
    }
    try {
      const parsed = stateSchema.safeParse(JSON.parse(await readFile(this.path, 'utf8')));
      // A damaged file is started afresh: the cost is one window of checkInterval.
      if (parsed.success) this.lastCheck = parsed.data.lastCheck;
    } catch {
      // no file yet
    }
  }

  /** Where a host's journal window starts, and why there. */
  journalWindow(host: string, now: Date): JournalWindow {
    const interval = new Date(now.getTime() - this.checkIntervalSec * 1000);
    if (this.problem) {
      return {
        since: interval,
        description: `the last ${this.checkIntervalSec} s (checkInterval): ${this.problem}, so the time of the last check is not kept`,
      };
    }
    const last = this.lastCheck[host];
    if (!last)
      return {
        since: interval,
        description: `the last ${this.checkIntervalSec} s (checkInterval): no earlier check of this host is recorded`,
      };
    const lastDate = new Date(last);
    if (lastDate.getTime() > now.getTime())
      return {
        since: interval,
        description: `the last ${this.checkIntervalSec} s (checkInterval): the recorded last check is in the future`,
      };
    if (now.getTime() - lastDate.getTime() > MAX_JOURNAL_WINDOW_MS) {
      return {
        since: new Date(now.getTime() - MAX_JOURNAL_WINDOW_MS),
        description: `the last 24 h (the last check, at ${last}, is longer ago)`,
      };
    }
    return { since: lastDate, description: `since the last check at ${last}` };
  }

  /** Why the state is not kept, or undefined when it is. */
  get unavailableReason(): string | undefined {
    return this.problem;
  }

  /** Records these hosts as checked at `at`. Returns the problem when it could not be written. */
  async record(hosts: readonly string[], at: Date): Promise<string | undefined> {
    if (this.problem) return this.problem;
    if (hosts.length === 0) return undefined;
    for (const host of hosts) this.lastCheck[host] = at.toISOString();
    try {
      await replaceFile(this.path, `${JSON.stringify({ lastCheck: this.lastCheck }, null, 2)}\n`, { mode: 0o640 });
      return undefined;
    } catch (error) {
      return `${this.path} could not be written (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`;
    }
  }
}
