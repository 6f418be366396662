/**
 * When cycles run: every `checkInterval` seconds by node-cron, once at start, and whenever a
 * check or a trigger asks. Cycles never overlap: a slow one delays the next (a tick that comes
 * while one runs is folded into the one cycle that waits), and a check asked for while a cycle
 * runs joins it when that cycle covers its hosts, or the cycle that waits otherwise.
 */
import cron, { type ScheduledTask } from 'node-cron';
import type { CycleReason, Logger } from '@ai-sysadmin/core';
import { CycleRun, type CycleOutcome } from './cycle-run.js';

export type RunCycle = (run: CycleRun) => Promise<CycleOutcome>;

export interface SchedulerOptions {
  readonly intervalSec: number;
  readonly logger: Logger;
  /** The number of the last cycle run before (from the cycle log). */
  readonly lastNumber: number;
}

/** node-cron ticks every `tickSec` (a divisor of 60 that divides the interval); the interval is counted on top. */
export function cronFor(intervalSec: number): { expression: string; tickSec: number } {
  let tickSec = 1;
  for (const d of [60, 30, 20, 15, 12, 10, 6, 5, 4, 3, 2, 1]) {
    if (intervalSec % d === 0) {
      tickSec = d;
      break;
    }
  }
  return { expression: tickSec === 60 ? '0 * * * * *' : `*/${tickSec} * * * * *`, tickSec };
}

export class Scheduler {
  private task: ScheduledTask | undefined;
  private intervalSec: number;
  private lastNumber: number;
  private lastScheduledAt = 0;
  private running: CycleRun | undefined;
  private waiting: CycleRun | undefined;
  private stopping = false;

  constructor(
    private readonly runCycle: RunCycle,
    private readonly options: SchedulerOptions,
  ) {
    this.intervalSec = options.intervalSec;
    this.lastNumber = options.lastNumber;
  }

  /** Starts the schedule, and (unless told otherwise) a first cycle now. */
  start(options: { startupCycle?: boolean } = {}): void {
    this.schedule();
    this.lastScheduledAt = Date.now();
    if (options.startupCycle !== false) this.request('all', 'startup');
  }

  setIntervalSec(intervalSec: number): void {
    if (intervalSec === this.intervalSec) return;
    this.intervalSec = intervalSec;
    if (this.task) this.schedule();
  }

  get current(): CycleRun | undefined {
    return this.running;
  }

  /** When the next scheduled cycle is due. */
  nextAt(): Date | null {
    if (!this.task || this.stopping) return null;
    return new Date(this.lastScheduledAt + this.intervalSec * 1000);
  }

  /**
   * A cycle that will check these hosts (`local` and/or managed systems): the one running if it covers
   * them, else the one waiting (widened to cover them), else a new one, started now if none runs.
   */
  request(hosts: 'all' | readonly string[], reason: CycleReason): { run: CycleRun; joined: boolean } {
    if (this.stopping) throw new Error('the daemon is stopping');
    if (this.running?.covers(hosts)) {
      this.running.reasons.add(reason);
      return { run: this.running, joined: true };
    }
    if (this.waiting) {
      this.waiting.merge(hosts, reason);
      return { run: this.waiting, joined: true };
    }
    const run = new CycleRun(++this.lastNumber, hosts === 'all' ? 'all' : new Set(hosts), reason);
    if (this.running) this.waiting = run;
    else this.begin(run);
    return { run, joined: false };
  }

  /** Stops the schedule and waits up to `graceMs` for the cycle in flight; true if it ended. */
  async stop(graceMs: number): Promise<boolean> {
    this.stopping = true;
    await this.task?.destroy();
    this.task = undefined;
    this.waiting?.reject(new Error('the daemon stopped before this cycle could run'));
    this.waiting = undefined;
    const current = this.running;
    if (!current) return true;
    let timer: NodeJS.Timeout | undefined;
    const ended = await Promise.race([
      current.done.then(
        () => true,
        () => true,
      ),
      new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), graceMs))),
    ]);
    clearTimeout(timer);
    return ended;
  }

  private schedule(): void {
    void this.task?.destroy();
    const { expression } = cronFor(this.intervalSec);
    const log = this.options.logger;
    // node-cron's own messages go to our JSON log, never as plain text to stdout; a tick missed on
    // a busy machine is no problem here, since a cycle is due by the time passed, not by the tick.
    const cronLogger = {
      info: (m: string) => log.debug({ source: 'node-cron' }, m),
      warn: (m: string) => log.debug({ source: 'node-cron' }, m),
      error: (m: string | Error) => log.error({ source: 'node-cron' }, String(m)),
      debug: (m: string | Error) => log.trace({ source: 'node-cron' }, String(m)),
    };
    this.task = cron.schedule(expression, () => this.tick(), {
      name: 'ai-sysadmin-cycle',
      noOverlap: false,
      logger: cronLogger,
      suppressMissedWarning: true,
    });
  }

  private tick(): void {
    if (this.stopping) return;
    const now = Date.now();
    // Half a second of slack: a tick that fires a little early still counts as due.
    if (now - this.lastScheduledAt < this.intervalSec * 1000 - 500) return;
    this.lastScheduledAt = now;
    const { run, joined } = this.request('all', 'schedule');
    if (joined && run !== this.running)
      this.options.logger.debug(
        { cycle: run.number },
        'the previous cycle is still running: the scheduled one waits for it',
      );
  }

  private begin(run: CycleRun): void {
    this.running = run;
    run.startedAt = new Date();
    void this.runCycle(run)
      .then(
        (outcome) => run.resolve(outcome),
        (error: unknown) => {
          this.options.logger.error(
            { cycle: run.number, err: error instanceof Error ? (error.stack ?? error.message) : String(error) },
            'the cycle failed',
          );
          run.reject(error);
        },
      )
      .finally(() => {
        this.running = undefined;
        const next = this.waiting;
        this.waiting = undefined;
        if (next && !this.stopping) this.begin(next);
      });
  }
}
