/**
 * The one normalisation step: every rule of the policy compares names in these forms, never as
 * written. Host names and addresses (case, a trailing dot, IDNA, IPv4 shorthand, IPv6
 * compression) come from core, shared with the config's destination entries; paths and unit
 * names are reduced here. Symlinked parents cannot be resolved without the host: that happens at
 * execution time, on the host, before the command runs (`execution/read-guard.ts`).
 */
import { type NormalHost, normaliseHost } from '@ai-sysadmin/core';
import { type UnitName, parseUnitName } from './unit-name.js';

export { normaliseHost, type NormalHost };

/**
 * An absolute path with `//`, `/./` and a trailing `/` collapsed; undefined for a relative path
 * or one with `..` left in it (the policy never guesses where a traversal ends up: a symlinked
 * parent would make `a/link/..` somewhere else than `a`).
 */
export function normalisePath(path: string): string | undefined {
  if (!path.startsWith('/')) return undefined;
  const parts = path.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.includes('..')) return undefined;
  return `/${parts.join('/')}`;
}

/** A unit as systemctl reads it: `SSHD.SERVICE`, `sshd@1.service` and `ss\x68d` all have base `sshd`. */
export function normaliseUnit(word: string): UnitName {
  return parseUnitName(word);
}

/** Whether `path` is `dir` or inside it (both normalised). */
export function isUnder(path: string, dir: string): boolean {
  return dir === '/' ? path.startsWith('/') : path === dir || path.startsWith(`${dir}/`);
}
