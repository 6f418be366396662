/**
 * The scheduler with a cycle whose end the test decides: cycles never overlap, a check asked for
 * while one runs joins it (or the one waiting), ticks that come while one runs fold into one
 * waiting cycle, and the schedule's cron expression for intervals that do not divide a minute.
 */
import { describe, expect, it } from 'vitest';
import type { CycleRecord } from '@ai-sysadmin/core';
import { type CycleRun, Scheduler, cronFor } from '@ai-sysadmin/orchestrator';
import { quietLogger } from '../helpers/llm-queue-rig.js';

function controlled() {
  const started: CycleRun[] = [];
  const finishers: Array<() => void> = [];
  let active = 0;
  let overlapped = false;
  const scheduler = new Scheduler(
    (run) => {
      started.push(run);
      active++;
      if (active > 1) overlapped = true;
      return new Promise((resolve) =>
        finishers.push(() => {
          active--;
          resolve({
            report: { checkedAt: '', durationMs: 0, hosts: [], findings: [], notes: [] },
            record: { cycle: run.number } as CycleRecord,
          });
        }),
      );
    },
    { intervalSec: 3600, logger: quietLogger(), lastNumber: 41 },
  );
  return { scheduler, started, finish: () => finishers.shift()!(), overlapped: () => overlapped };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('scheduler', () => {
  it('never runs two cycles at once; a request while one runs joins it, or the one that waits', async () => {
    const { scheduler, started, finish, overlapped } = controlled();
    scheduler.start();
    expect(started.map((r) => [r.number, [...r.reasons]])).toEqual([[42, ['startup']]]);
    expect(scheduler.request('all', 'check')).toMatchObject({ joined: true, run: { number: 42 } });
    // A single host is covered by the full cycle that runs.
    expect(scheduler.request(['web1'], 'trigger')).toMatchObject({ joined: true, run: { number: 42 } });

    for (let i = 0; i < 5; i++) expect(scheduler.request('all', 'schedule').run.number).toBe(42);
    expect(started.map((r) => r.number)).toEqual([42]);
    finish();
    await tick();
    // Once it ended, the next request starts a cycle of its own at once.
    expect(scheduler.request(['web2'], 'trigger')).toMatchObject({ joined: false, run: { number: 43 } });
    expect(started.map((r) => r.number)).toEqual([42, 43]);
    finish();
    expect(overlapped()).toBe(false);
    await scheduler.stop(0);
  });

  it('a narrow cycle that runs makes a wider request wait, and folds every later ask into that one', async () => {
    const { scheduler, started, finish, overlapped } = controlled();
    scheduler.start({ startupCycle: false });
    const first = scheduler.request(['web1'], 'trigger');
    expect(first).toMatchObject({ joined: false, run: { number: 42 } });
    const waiting = scheduler.request('all', 'schedule');
    expect(waiting).toMatchObject({ joined: false, run: { number: 43 } });
    expect(scheduler.request(['web2'], 'trigger')).toMatchObject({ joined: true, run: { number: 43 } });
    expect(scheduler.request('all', 'check')).toMatchObject({ joined: true, run: { number: 43 } });
    expect(started.map((r) => r.number)).toEqual([42]);
    finish();
    await first.run.done;
    await tick();
    expect(started.map((r) => [r.number, r.hosts, [...r.reasons].sort()])).toEqual([
      [42, new Set(['web1']), ['trigger']],
      [43, 'all', ['check', 'schedule', 'trigger']],
    ]);
    finish();
    await waiting.run.done;
    expect(overlapped()).toBe(false);
    await scheduler.stop(0);
  });

  it('stops taking work, and waits for the cycle in flight only up to the grace period', async () => {
    const { scheduler, finish } = controlled();
    scheduler.start();
    expect(await scheduler.stop(50)).toBe(false);
    expect(() => scheduler.request('all', 'check')).toThrow(/stopping/);
    finish();
  });

  it('ticks on a divisor of the minute that divides the interval', () => {
    expect(cronFor(300)).toEqual({ expression: '0 * * * * *', tickSec: 60 });
    expect(cronFor(90)).toEqual({ expression: '*/30 * * * * *', tickSec: 30 });
    expect(cronFor(45)).toEqual({ expression: '*/15 * * * * *', tickSec: 15 });
    expect(cronFor(67)).toEqual({ expression: '*/1 * * * * *', tickSec: 1 });
  });
});
