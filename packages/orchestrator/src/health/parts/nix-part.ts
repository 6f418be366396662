/**
 * The Nix store: its size, when it was last garbage-collected, and on NixOS the version and the
 * current system generation. A host without /nix/store has no such part (absent, not failed).
 * What files say (the store's presence, the system profile's link, os-release's NixOS version,
 * whether a nix-gc unit exists) comes from the snapshot's one reading; commands are run only for
 * the store's size and, where a nix-gc unit exists, its last run, and those at most every
 * `health.nixStoreSizeIntervalMinutes`: in between, the host's memory gives the last figures,
 * with when they were measured (`storeMeasuredAt`, and a note saying how old they are).
 */
import { type NixInfo, NIX_STORE_DIR } from '@ai-sysadmin/core';
import { PartUnavailableError } from '../../errors/part-unavailable-error.js';
import { ToolOutputError } from '../../errors/tool-output-error.js';
import { parseDuKib, parseSystemGeneration, parseSystemdTimestamp } from '../parsers/nix.js';
import { nixosVersionOf } from '../parsers/os-release.js';
import { visible } from '../parsers/visible-text.js';
import type { PartOutcome } from '../run-part.js';
import { type PartContext, commandText, firstLine, notInstalled } from './part-context.js';
import { OS_RELEASE_FILES } from './snapshot-files.js';

export const DU_STORE_ARGV = ['du', '-s', '-k', '-x', NIX_STORE_DIR] as const;
export const NIX_GC_LAST_RUN_ARGV = [
  'systemctl',
  'show',
  'nix-gc.service',
  '--property=ExecMainExitTimestamp',
] as const;
/** How long `systemctl show` may take: it is quick, and a hung one must not cost the store's size. */
const GC_QUERY_TIMEOUT_MS = 5000;

export async function collectNix(context: PartContext): Promise<PartOutcome<NixInfo>> {
  const { host, files, memory, nixStoreSizeIntervalMs } = context;
  const nix = await files.nix;
  if (!nix.store)
    throw new PartUnavailableError('absent', `${host} has no Nix store (${NIX_STORE_DIR} does not exist)`);
  const first = await files.first;
  const osRelease = OS_RELEASE_FILES.map((f) => first.get(f)).find((t) => t !== undefined);
  const described = {
    nixosVersion: osRelease === undefined ? null : nixosVersionOf(osRelease),
    generation: nix.systemLink === null ? null : parseSystemGeneration(nix.systemLink),
  };
  const remembered = nixStoreSizeIntervalMs > 0 ? memory.storeFigures(nixStoreSizeIntervalMs) : undefined;
  if (remembered) {
    const ageMin = Math.floor((memory.timeNow() - remembered.measuredAt) / 60_000);
    const nextMin = Math.ceil((remembered.measuredAt + nixStoreSizeIntervalMs - memory.timeNow()) / 60_000);
    return {
      data: {
        storeBytes: remembered.storeBytes,
        storeMeasuredAt: new Date(remembered.measuredAt).toISOString(),
        lastGc: remembered.lastGc,
        ...described,
      },
      notes: [
        `store size and last GC as measured ${ageMin < 1 ? 'less than a minute' : `${ageMin} min`} ago (measured every ${Math.round(nixStoreSizeIntervalMs / 60_000)} min, health.nixStoreSizeIntervalMinutes; next in ${nextMin} min)`,
      ],
    };
  }
  return measureStore(context, nix.gcUnit, described);
}

/** du over the store and, with a nix-gc unit, its last run: what the memory keeps until the next measurement. */
async function measureStore(
  { host, run, memory }: PartContext,
  gcUnit: boolean,
  described: Pick<NixInfo, 'nixosVersion' | 'generation'>,
): Promise<PartOutcome<NixInfo>> {
  const measuredAt = new Date(memory.timeNow()).toISOString();
  // du gets all but a second of the budget, so the other figures still arrive when it is cut short.
  const duTimeout = Math.max(1, run.remainingMs() - 1000);
  const [du, gc] = await Promise.all([
    run.command(DU_STORE_ARGV, { timeoutMs: duTimeout }),
    gcUnit ? run.command(NIX_GC_LAST_RUN_ARGV, { timeoutMs: GC_QUERY_TIMEOUT_MS }) : undefined,
  ]);
  if (notInstalled(du)) throw new PartUnavailableError('failed', `du is not installed on ${host}`);
  const notes: string[] = [];
  let storeBytes: number | null = null;
  if (du.timedOut)
    notes.push(`du over ${NIX_STORE_DIR} did not finish within ${Math.round(duTimeout / 1000)} s: store size unknown`);
  else {
    storeBytes = parseDuKib(du.stdout);
    if (storeBytes === null && du.exitCode === 0)
      throw new ToolOutputError('du', `no size at the start of "${visible(du.stdout.trim())}"`, { host });
    // du still prints its total when a few paths were unreadable.
    if (du.exitCode !== 0)
      notes.push(
        `du over ${NIX_STORE_DIR} reported errors (${firstLine(du)})${storeBytes === null ? ': store size unknown' : ': the size may be low'}`,
      );
  }
  if (gc && gc.exitCode !== 0) notes.push(`${commandText(gc)} failed (${firstLine(gc)}): last GC unknown`);
  const lastGc = gc?.exitCode === 0 ? parseSystemdTimestamp(gc.stdout) : null;
  // Only a whole measurement is kept: one cut short is asked again on the next check.
  if (storeBytes !== null && du.exitCode === 0 && (!gc || gc.exitCode === 0))
    memory.noteStoreFigures({ storeBytes, lastGc });
  return {
    data: { storeBytes, storeMeasuredAt: storeBytes === null ? null : measuredAt, lastGc, ...described },
    notes,
  };
}
