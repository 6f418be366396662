/**
 * The risk of starting or restarting units. The allow-list of low-risk restarts is short: a unit
 * that is failed now, or one an open issue names that is running (a restart of a stopped unit
 * is a start). Every other restart, and every start of a unit that is not running, is at least
 * medium. A unit whose start upgrades, switches, gives a shell, reboots, collects garbage or
 * destroys data is high whatever its state (`unit-kinds.ts`). Unit states come from the host,
 * gathered just before the action runs; without them nothing is taken to be failed.
 */
import type { Risk } from './risk.js';
import { graverRisk } from './risk.js';
import { highRiskKind } from './unit-kinds.js';
import { type UnitActiveState, type UnitStates, unitStateKey } from './unit-facts.js';
import { normaliseUnit } from './normalise.js';

export type UnitChange = 'start' | 'restart';

export interface UnitRiskSettings {
  /** Config `policy.highRiskUnits`. */
  readonly highRiskUnits?: readonly string[];
  /** Units an open issue names on a host (the daemon's issue tracker); none when absent. */
  readonly openIssueUnits?: (host: string) => readonly string[];
  /** Unit states on each host right now; absent where they were not gathered. */
  readonly unitStates?: UnitStates;
}

const RUNNING: readonly UnitActiveState[] = ['active', 'reloading', 'refreshing', 'activating'];

export function unitChangeRisk(
  change: UnitChange,
  units: readonly string[],
  host: string,
  settings: UnitRiskSettings,
): { risk: Risk; reason: string } {
  const states = settings.unitStates?.get(host);
  const issueUnits = new Set((settings.openIssueUnits?.(host) ?? []).map((u) => unitStateKey(normaliseUnit(u).full)));
  let risk: Risk = 'low';
  const why: string[] = [];
  for (const word of units) {
    const unit = normaliseUnit(word);
    const kind = highRiskKind(unit.base, settings.highRiskUnits);
    if (kind) {
      risk = 'high';
      why.push(`starting ${unit.full} is high risk: ${kind.because}`);
      continue;
    }
    const state = states?.get(unitStateKey(unit.full)) ?? 'unknown';
    const known = state === 'unknown' ? ' (its state on the host is checked when it runs)' : '';
    const running = RUNNING.includes(state);
    if (change === 'start') {
      if (running) why.push(`${unit.full} is ${state} already: starting it changes nothing`);
      else {
        risk = graverRisk(risk, 'medium');
        why.push(
          `starting ${unit.full}, which is ${state === 'unknown' ? 'not known to be running' : state}${known}, is medium risk`,
        );
      }
      continue;
    }
    if (state === 'failed') why.push(`${unit.full} is failed now, so restarting it is low risk`);
    else if (issueUnits.has(unitStateKey(unit.full)) && running)
      why.push(`an open issue names ${unit.full} and it is ${state}, so restarting it is low risk`);
    else {
      risk = graverRisk(risk, 'medium');
      const issue = issueUnits.has(unitStateKey(unit.full))
        ? 'an open issue names it but it is not running (a restart would start it)'
        : 'no open issue names it';
      why.push(
        `${unit.full} is ${state === 'unknown' ? 'not known to be failed' : state}${known} and ${issue}; a restart is low risk only for a failed unit or one an open issue names, otherwise medium`,
      );
    }
  }
  return { risk, reason: why.join('; ') };
}
