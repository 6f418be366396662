/**
 * The autonomy table of the design brief, as data: for each level, what each risk class gets.
 *
 * | level     | read-only | low      | medium   | high     | forbidden |
 * |-----------|-----------|----------|----------|----------|-----------|
 * | observe   | run       | deny     | deny     | deny     | deny      |
 * | suggest   | run       | approval | approval | approval | deny      |
 * | auto-safe | run       | run      | approval | approval | deny      |
 * | auto-full | run       | run      | run      | approval | deny      |
 */
import type { AutonomyLevel } from '@ai-sysadmin/core';
import type { Risk, Verdict } from './risk.js';

export const AUTONOMY_TABLE: Readonly<Record<AutonomyLevel, Readonly<Record<Risk, Verdict>>>> = {
  observe: { 'read-only': 'run', low: 'deny', medium: 'deny', high: 'deny', forbidden: 'deny' },
  suggest: { 'read-only': 'run', low: 'approval', medium: 'approval', high: 'approval', forbidden: 'deny' },
  'auto-safe': { 'read-only': 'run', low: 'run', medium: 'approval', high: 'approval', forbidden: 'deny' },
  'auto-full': { 'read-only': 'run', low: 'run', medium: 'run', high: 'approval', forbidden: 'deny' },
};

export function verdictFor(autonomy: AutonomyLevel, risk: Risk): Verdict {
  return AUTONOMY_TABLE[autonomy][risk];
}
