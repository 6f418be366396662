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
import type { CommandResult, RunnerSource } from '@ai-sysadmin/executor/runner';
import type { HostAccess, RunOptions } from './access/host-access.js';
import { notInstalled } from './parts/part-context.js';

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

/**
 * The host's access, where a program the memory holds as missing is not asked for: its command
 * answers at once as the host's shell would (127, "command not found"), saying since when, so
 * every part reads it as it reads a missing program. A program found missing is remembered.
 */
export class RememberingAccess implements HostAccess {
  constructor(
    private readonly inner: HostAccess,
    private readonly memory: HostMemory,
  ) {}

  get host() {
    return this.inner.host;
  }
  get kind() {
    return this.inner.kind;
  }
  get address() {
    return this.inner.address;
  }

  async run(argv: readonly string[], options: RunOptions): Promise<CommandResult> {
    const program = argv[0] ?? '';
    const since = this.memory.missingSince(program);
    if (since !== undefined) return rememberedMissing(this.inner.host, argv, since);
    const result = await this.inner.run(argv, options);
    // Only where the host named the program itself: a missing `sudo` or `timeout` is not it.
    if (notInstalled(result) && result.stderr.includes(program)) this.memory.noteMissing(program);
    return result;
  }

  openFiles(options: Parameters<HostAccess['openFiles']>[0]) {
    return this.inner.openFiles(options);
  }
}

function rememberedMissing(host: string, argv: readonly string[], since: number): CommandResult {
  const stderr =
    `${argv[0]}: command not found (so it was at ${new Date(since).toISOString()}; ` +
    `asked again after ${new Date(since + MISSING_PROGRAM_RECHECK_MS).toISOString()})\n`;
  return {
    host,
    argv,
    exitCode: 127,
    signal: null,
    stdout: '',
    stderr,
    stdoutBytes: 0,
    stderrBytes: Buffer.byteLength(stderr),
    truncated: false,
    timedOut: false,
    durationMs: 0,
  };
}
