/**
 * Monit's "if N restarts within M cycles then stop": the restarts of one unit on one host (the
 * cycle numbers kept on its issue) are counted over the last `windowCycles` cycles; at
 * `maxRestarts` the breaker opens, and stays open until the issue resolves or a person resets it.
 */
import type { Config } from '@ai-sysadmin/core';

export function restartsInWindow(restartCycles: readonly number[], cycle: number, windowCycles: number): number {
  return restartCycles.filter((c) => c > cycle - windowCycles).length;
}

export function breakerOpen(restartCycles: readonly number[], cycle: number, settings: Config['remediation']): boolean {
  return restartsInWindow(restartCycles, cycle, settings.windowCycles) >= settings.maxRestarts;
}
