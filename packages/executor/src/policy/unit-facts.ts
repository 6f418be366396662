/**
 * What is true of units on a host right now. The policy is pure: the executor gathers these on
 * the host (`systemctl is-active`) just before it decides whether an action runs, at proposal and
 * again when an approved action is about to run, and hands them in.
 */

/** systemd's ActiveState, as `systemctl is-active` prints it. */
export const UNIT_ACTIVE_STATES = [
  'active',
  'reloading',
  'refreshing',
  'inactive',
  'failed',
  'activating',
  'deactivating',
  'maintenance',
] as const;
export type UnitActiveState = (typeof UNIT_ACTIVE_STATES)[number] | 'unknown';

/** host -> unit (full name, lowercase: `nginx.service`) -> its state. */
export type UnitStates = ReadonlyMap<string, ReadonlyMap<string, UnitActiveState>>;

export function unitStateKey(fullName: string): string {
  return fullName.toLowerCase();
}
