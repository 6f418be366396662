/**
 * The state of units on a host right now, for the policy's restart rule: one read-only
 * `systemctl is-active` through the host's runner, just before the decision (any user may ask
 * it, so never through sudo).
 */
import { makeCommand } from '@ai-sysadmin/command-patterns';
import { UNIT_ACTIVE_STATES, type UnitActiveState, unitStateKey } from '../policy/unit-facts.js';
import { normaliseUnit } from '../policy/normalise.js';
import type { CommandRunner } from '../runner/command-runner.js';

export async function gatherUnitStates(
  runner: CommandRunner,
  units: readonly string[],
): Promise<Map<string, UnitActiveState>> {
  const states = new Map<string, UnitActiveState>();
  if (units.length === 0) return states;
  try {
    const result = await runner.run(
      makeCommand(['systemctl', 'is-active', ...units], {
        host: runner.host,
        timeoutMs: 30_000,
        maxOutputBytes: 64 * 1024,
      }),
    );
    const lines = result.stdout
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l !== '');
    if (lines.length !== units.length) return states;
    units.forEach((u, i) => {
      const state = lines[i]!;
      states.set(
        unitStateKey(normaliseUnit(u).full),
        (UNIT_ACTIVE_STATES as readonly string[]).includes(state) ? (state as UnitActiveState) : 'unknown',
      );
    });
  } catch {
    // the host could not be asked: nothing is known, so nothing counts as failed
  }
  return states;
}
