/**
 * Runs one part of a snapshot within its budget. Whatever happens inside (a tool missing, a
 * parse error, a timeout, the connection dropping) ends as an unavailable part with one line
 * saying why; it never escapes to take the other parts down.
 */
import type { Part } from '@ai-sysadmin/core';
import { AiSysadminError, errorMessage } from '@ai-sysadmin/core';
import { PartUnavailableError } from '../errors/part-unavailable-error.js';

export interface PartOutcome<T> {
  data: T;
  notes?: string[];
}

export interface PartRun {
  signal: AbortSignal;
  /** Milliseconds left of the budget, for a command's own timeout. */
  remainingMs(): number;
}

export async function runPart<T>(
  name: string,
  budgetMs: number,
  collect: (run: PartRun) => Promise<PartOutcome<T>>,
): Promise<Part<T>> {
  const started = performance.now();
  const controller = new AbortController();
  const elapsed = () => Math.round(performance.now() - started);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), budgetMs);
  });
  const run: PartRun = {
    signal: controller.signal,
    remainingMs: () => Math.max(1, budgetMs - elapsed()),
  };
  try {
    const outcome = await Promise.race([collect(run), timeout]);
    if (outcome === 'timeout') {
      controller.abort();
      return {
        status: 'unavailable',
        durationMs: elapsed(),
        cause: 'timeout',
        reason: `${name} did not finish within ${formatSeconds(budgetMs)}`,
      };
    }
    return { status: 'ok', durationMs: elapsed(), data: outcome.data, notes: outcome.notes ?? [] };
  } catch (error) {
    controller.abort();
    if (error instanceof PartUnavailableError) {
      return { status: 'unavailable', durationMs: elapsed(), cause: error.unavailableCause, reason: error.message };
    }
    const reason = error instanceof AiSysadminError ? error.message : `${name} failed: ${errorMessage(error)}`;
    return { status: 'unavailable', durationMs: elapsed(), cause: 'failed', reason };
  } finally {
    clearTimeout(timer);
  }
}

export function formatSeconds(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  return `${Number.isInteger(s) ? s : s.toFixed(1)} s`;
}
