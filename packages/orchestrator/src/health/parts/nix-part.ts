/**
 * The Nix store: its size, when it was last garbage-collected, and on NixOS the version and the
 * current system generation. A host without /nix/store has no such part (absent, not failed).
 */
import { type NixInfo, NIX_STORE_DIR } from '@ai-sysadmin/core';
import { PartUnavailableError } from '../../errors/part-unavailable-error.js';
import { parseDuKib, parseSystemGeneration, parseSystemdTimestamp } from '../parsers/nix.js';
import type { PartOutcome } from '../run-part.js';
import { type PartContext, firstLine, notInstalled, within } from './part-context.js';

export const DU_STORE_ARGV = ['du', '-s', '-k', '-x', NIX_STORE_DIR] as const;
export const NIX_GC_LAST_RUN_ARGV = [
  'systemctl',
  'show',
  'nix-gc.service',
  '--property=ExecMainExitTimestamp',
] as const;

export async function collectNix({ access, run }: PartContext): Promise<PartOutcome<NixInfo>> {
  const present = await access.listDir('/nix', within(run));
  if (present === null || !present.includes('store')) {
    throw new PartUnavailableError('absent', `${access.host} has no Nix store (${NIX_STORE_DIR} does not exist)`);
  }
  // du gets all but a second of the budget, so the other figures still arrive when it is cut short.
  const duTimeout = Math.max(1, run.remainingMs() - 1000);
  const [du, version, generation, gc] = await Promise.all([
    access.run(DU_STORE_ARGV, { ...within(run), timeoutMs: duTimeout }),
    access.run(['nixos-version'], within(run)),
    access.run(['readlink', '/nix/var/nix/profiles/system'], within(run)),
    access.run(NIX_GC_LAST_RUN_ARGV, within(run)),
  ]);
  const notes: string[] = [];
  let storeBytes: number | null = null;
  if (du.timedOut)
    notes.push(`du over ${NIX_STORE_DIR} did not finish within ${Math.round(duTimeout / 1000)} s: store size unknown`);
  else {
    storeBytes = parseDuKib(du.stdout);
    // du still prints its total when a few paths were unreadable.
    if (du.exitCode !== 0)
      notes.push(
        `du over ${NIX_STORE_DIR} reported errors (${firstLine(du)})${storeBytes === null ? ': store size unknown' : ': the size may be low'}`,
      );
  }
  const onNixos = version.exitCode === 0 && !notInstalled(version);
  return {
    data: {
      storeBytes,
      lastGc: gc.exitCode === 0 ? parseSystemdTimestamp(gc.stdout) : null,
      nixosVersion: onNixos ? version.stdout.trim() || null : null,
      generation: generation.exitCode === 0 ? parseSystemGeneration(generation.stdout) : null,
    },
    notes,
  };
}
