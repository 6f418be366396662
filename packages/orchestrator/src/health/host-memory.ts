/**
 * What checks of a host remember between them, so that a check does not ask again every time
 * what seldom changes:
 *
 *   - the programs the host lacks (nvidia-smi on a host without an NVIDIA card, rocm-smi,
 *     systemctl in a container): asked again once MISSING_PROGRAM_RECHECK_MS has passed, so a
 *     program installed since is found within the hour;
 *   - the Nix store's figures (du over the store, nix-gc's last run), the costliest reads of a
 *     check: measured at most every `health.nixStoreSizeIntervalMinutes`, reused with their age
 *     in between.
 *
 * The memory lives with the connection pool a check is given (`runners`): the daemon keeps its
 * pool, and with it the memory, from one check to the next; a one-shot `check` starts afresh.
 */
import type { RunnerSource } from '@ai-sysadmin/executor/runner';

/** How long a program found missing is taken as missing. */
export const MISSING_PROGRAM_RECHECK_MS = 3600_000;

export interface StoreFigures {
  storeBytes: number;
  /** nix-gc's last run as the last measurement found it (ISO 8601), or null when unknown. */
  lastGc: string | null;
  /** When they were measured (epoch ms). */
  measuredAt: number;
}

export class HostMemory {
  private readonly missing = new Map<string, number>();
  private store: StoreFigures | undefined;

  constructor(private readonly now: () => number = Date.now) {}

  /** When `program` was found missing, while that is less than MISSING_PROGRAM_RECHECK_MS ago. */
  missingSince(program: string): number | undefined {
    const at = this.missing.get(program);
    if (at === undefined) return undefined;
    if (this.now() - at < MISSING_PROGRAM_RECHECK_MS) return at;
    this.missing.delete(program);
    return undefined;
  }

  noteMissing(program: string): void {
    this.missing.set(program, this.now());
  }

  /** The store's last figures, while they are younger than `maxAgeMs`. */
  storeFigures(maxAgeMs: number): StoreFigures | undefined {
    if (this.store && this.now() - this.store.measuredAt < maxAgeMs) return this.store;
    return undefined;
  }

  noteStoreFigures(figures: Omit<StoreFigures, 'measuredAt'>): void {
    this.store = { ...figures, measuredAt: this.now() };
  }

  /** Milliseconds since epoch, by this memory's clock. */
  timeNow(): number {
    return this.now();
  }
}

const memories = new WeakMap<RunnerSource, Map<string, HostMemory>>();

/** The memory of `host` kept with this pool; without a pool, one that lasts a single check. */
export function hostMemory(runners: RunnerSource | undefined, host: string): HostMemory {
  if (!runners) return new HostMemory();
  let byHost = memories.get(runners);
  if (!byHost) memories.set(runners, (byHost = new Map()));
  let memory = byHost.get(host);
  if (!memory) byHost.set(host, (memory = new HostMemory()));
  return memory;
}
