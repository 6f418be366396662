/**
 * Runs one part of a snapshot within its budget. Whatever happens inside (a tool missing, a
 * parse error, a timeout, the connection dropping) ends as an unavailable part with one line
 * saying why; it never escapes to take the other parts down.
 *
 * Every command of a part goes through its `PartRun`: it gets what is left of the part's budget
 * (or less, where the collector gives it its own deadline), nothing is started once the part has
 * been stopped, and when the budget runs out the part's commands are stopped (KILL, the channel
 * closed) and waited for before the part answers, so a part never leaves a process behind it.
 * The reason then names the commands that were still running.
 */
import { setMaxListeners } from 'node:events';
import { displayArg } from '@ai-sysadmin/command-patterns';
import type { Part } from '@ai-sysadmin/core';
import { AiSysadminError, errorMessage } from '@ai-sysadmin/core';
import type { CommandResult } from '@ai-sysadmin/executor/runner';
import { PartUnavailableError } from '../errors/part-unavailable-error.js';
import type { HostAccess, RunOptions } from './access/host-access.js';

/**
 * How long a stopped part's commands are waited for past their deadlines: where the host refuses
 * the SSH signal (a root login), its own `timeout` ends them, at most a second late plus its 2 s
 * between TERM and KILL.
 */
const STOP_GRACE_MS = 5000;
/**
 * A command's deadline ends this much before its part's, so that a command that hangs is stopped
 * and named by its own timeout (and the part still answers with what it has) rather than lost in
 * the part's.
 */
const COMMAND_MARGIN_MS = 150;

export interface PartOutcome<T> {
  data: T;
  notes?: string[];
}

export interface CommandOptions {
  /** The command's own deadline inside the part's budget; default: all that is left of it. */
  timeoutMs?: number;
  needsRoot?: boolean;
  maxOutputBytes?: number;
}

export interface PartRun {
  signal: AbortSignal;
  /** Milliseconds left of the budget. */
  remainingMs(): number;
  /** Runs a command on the part's host within the part (see above). */
  command(argv: readonly string[], options?: CommandOptions): Promise<CommandResult>;
}

export interface PartRunOptions {
  /** Stops the part from outside (the host's own deadline). */
  signal?: AbortSignal;
}

export async function runPart<T>(
  name: string,
  budgetMs: number,
  access: Pick<HostAccess, 'host' | 'run'>,
  collect: (run: PartRun) => Promise<PartOutcome<T>>,
  options: PartRunOptions = {},
): Promise<Part<T>> {
  const started = performance.now();
  const controller = new AbortController();
  // Each of the part's commands listens to it, in the runner and while it waits for a session.
  setMaxListeners(64, controller.signal);
  const stopFromOutside = () => controller.abort();
  options.signal?.addEventListener('abort', stopFromOutside, { once: true });
  if (options.signal?.aborted) controller.abort();
  const elapsed = () => Math.round(performance.now() - started);
  const remainingMs = () => Math.max(1, budgetMs - elapsed());
  const running = new Set<string>();

  const run: PartRun = {
    signal: controller.signal,
    remainingMs,
    async command(argv, commandOptions = {}) {
      const shown = `\`${argv.map(displayArg).join(' ')}\``;
      if (controller.signal.aborted)
        throw new PartUnavailableError('timeout', `${shown} was not started: ${name} had been stopped`);
      const runOptions: RunOptions = {
        timeoutMs: Math.max(1, Math.min(commandOptions.timeoutMs ?? Infinity, remainingMs() - COMMAND_MARGIN_MS)),
        signal: controller.signal,
        ...(commandOptions.needsRoot ? { needsRoot: true } : {}),
        ...(commandOptions.maxOutputBytes ? { maxOutputBytes: commandOptions.maxOutputBytes } : {}),
      };
      running.add(shown);
      try {
        return await access.run(argv, runOptions);
      } finally {
        running.delete(shown);
      }
    },
  };

  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), budgetMs);
  });
  const stopped = new Promise<'stopped'>((resolve) => {
    controller.signal.addEventListener('abort', () => resolve('stopped'), { once: true });
  });
  const collecting = collect(run);
  // Settled in any case, so a part given up on never ends as an unhandled rejection.
  const settled = collecting.then(
    () => undefined,
    () => undefined,
  );
  try {
    const outcome = await Promise.race([collecting, timeout, stopped]);
    if (outcome === 'timeout' || outcome === 'stopped') {
      const still = [...running];
      controller.abort();
      // The commands now get KILL and their channels close; wait for that, within a bound.
      await Promise.race([settled, new Promise((resolve) => setTimeout(resolve, STOP_GRACE_MS).unref())]);
      const what = still.length
        ? ` (${still.join(', ')} ${still.length === 1 ? 'was' : 'were'} still running and stopped)`
        : '';
      return {
        status: 'unavailable',
        durationMs: elapsed(),
        cause: 'timeout',
        reason:
          outcome === 'timeout'
            ? `${name} did not finish within ${formatSeconds(budgetMs)}${what}`
            : `${name} was stopped after ${formatSeconds(elapsed())}: the host's time was up${what}`,
      };
    }
    return { status: 'ok', durationMs: elapsed(), data: outcome.data, notes: outcome.notes ?? [] };
  } catch (error) {
    // The part's other commands are stopped too; those the host ends only at their deadline are waited for.
    const waitMs = remainingMs() + STOP_GRACE_MS;
    controller.abort();
    await Promise.race([settled, new Promise((resolve) => setTimeout(resolve, waitMs).unref())]);
    if (error instanceof PartUnavailableError) {
      return { status: 'unavailable', durationMs: elapsed(), cause: error.unavailableCause, reason: error.message };
    }
    const reason = error instanceof AiSysadminError ? error.message : `${name} failed: ${errorMessage(error)}`;
    return { status: 'unavailable', durationMs: elapsed(), cause: 'failed', reason };
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', stopFromOutside);
  }
}

export function formatSeconds(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  return `${Number.isInteger(s) ? s : s.toFixed(1)} s`;
}
