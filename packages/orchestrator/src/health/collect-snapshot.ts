/**
 * One host's snapshot: every part collected in parallel, each within its own budget, so a part
 * that fails or hangs is reported unavailable with its reason and the rest still arrives.
 *
 * The snapshot's files are read first, in one reading (see snapshot-files.ts); on a managed host
 * that opens the connection, and if the host cannot be reached (refused, no answer within the
 * connect timeout, key refused, host key changed) or does not answer, the host is reported down
 * with the reason and nothing else is tried.
 */
import {
  AiSysadminError,
  type HostSnapshot,
  type OsInfo,
  type Part,
  type PartName,
  type SystemdInfo,
  errorMessage,
} from '@ai-sysadmin/core';
import { PartUnavailableError } from '../errors/part-unavailable-error.js';
import type { HostAccess, ReaderOptions, RunOptions } from './access/host-access.js';
import { DEFAULT_PART_BUDGETS_MS, type PartBudgets, SAMPLE_WINDOW_MS } from './part-budgets.js';
import { collectCpu } from './parts/cpu-part.js';
import { collectFilesystems } from './parts/filesystems-part.js';
import { collectGpus } from './parts/gpus-part.js';
import { type JournalWindow, collectJournal } from './parts/journal-part.js';
import { collectMemory } from './parts/memory-part.js';
import { collectNetwork } from './parts/network-part.js';
import { collectNix } from './parts/nix-part.js';
import { collectOs } from './parts/os-part.js';
import type { PartContext } from './parts/part-context.js';
import { readSnapshotFiles } from './parts/snapshot-files.js';
import { collectProcesses } from './parts/processes-part.js';
import { collectSystemd } from './parts/systemd-part.js';
import { collectUptime } from './parts/uptime-part.js';
import { type PartOutcome, type PartRun, runPart } from './run-part.js';
import { HostMemory } from './host-memory.js';
import { RememberingAccess } from './access/remembering-access.js';
import { DelegatingAccess } from './access/delegating-access.js';
import { CommandNotStartedError, HostUnreachableError } from '@ai-sysadmin/executor/errors';

export interface SnapshotOptions {
  journalWindow: JournalWindow;
  budgets?: Partial<PartBudgets>;
  sampleWindowMs?: number;
  /** For a managed host: how long opening the connection may take, on top of the first part's budget. */
  connectTimeoutMs?: number;
  /** Stops every part (the host's own deadline): their commands are stopped, nothing new starts. */
  signal?: AbortSignal;
  /** What earlier checks of this host learned (see host-memory.ts); without it, nothing is remembered. */
  memory?: HostMemory;
  /** How often the Nix store's size is measured; in between the last figure is reused (default: every check). */
  nixStoreSizeIntervalMs?: number;
}

export async function collectSnapshot(access: HostAccess, options: SnapshotOptions): Promise<HostSnapshot> {
  const started = performance.now();
  const collectedAt = new Date().toISOString();
  const budgets = { ...DEFAULT_PART_BUDGETS_MS, ...options.budgets };
  const hostMemory = options.memory ?? new HostMemory();
  const tracked = new ConnectionTracker(new RememberingAccess(access, hostMemory));
  const files = readSnapshotFiles(tracked, {
    // Every reading but the slowest part's commands: the files come first, then the tools.
    timeoutMs: Math.max(budgets.os, budgets.cpu, budgets.memory) + (options.connectTimeoutMs ?? 0),
    windowMs: options.sampleWindowMs ?? SAMPLE_WINDOW_MS,
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const part = <T>(
    name: PartName,
    collect: (context: PartContext) => Promise<PartOutcome<T>>,
    budgetMs = budgets[name],
  ) =>
    runPart<T>(
      name,
      budgetMs,
      tracked,
      (run: PartRun) =>
        collect({
          host: access.host,
          run,
          files,
          memory: hostMemory,
          nixStoreSizeIntervalMs: options.nixStoreSizeIntervalMs ?? 0,
        }),
      {
        ...(options.signal ? { signal: options.signal } : {}),
      },
    );

  let os: Promise<Part<OsInfo>>;
  if (access.kind === 'ssh') {
    const probe = await part('os', collectOs, budgets.os + (options.connectTimeoutMs ?? 0));
    const down = hostDown(probe, tracked);
    if (down) {
      await files.done;
      return downSnapshot(access, collectedAt, started, down);
    }
    os = Promise.resolve(probe);
  } else {
    os = part('os', collectOs);
  }

  const systemd = part<SystemdInfo>('systemd', collectSystemd);
  const [cpu, memory, filesystems, network, uptime, processes, journal, gpus, nix] = await Promise.all([
    part('cpu', collectCpu),
    part('memory', collectMemory),
    // Its budget counts from when its own requests go out (statvfs is asked after every other
    // reading of the session), not while the readings before them are answered.
    files.disksAsked.then(() => part('filesystems', collectFilesystems)),
    part('network', collectNetwork),
    part('uptime', collectUptime),
    part('processes', collectProcesses),
    part('journal', (context) => collectJournal(context, options.journalWindow, systemd)),
    part('gpus', collectGpus),
    part('nix', collectNix),
  ]);
  await files.done;
  return {
    host: access.host,
    address: access.address,
    status: 'up',
    down: null,
    collectedAt,
    durationMs: Math.round(performance.now() - started),
    parts: {
      os: await os,
      cpu,
      memory,
      filesystems,
      network,
      uptime,
      processes,
      systemd: await systemd,
      journal,
      gpus,
      nix,
    },
  };
}

type DownReason = NonNullable<HostSnapshot['down']>;

/** Down: the first command could not be started (the connection failed), or it never answered. */
function hostDown(os: Part<unknown>, tracked: ConnectionTracker): DownReason | undefined {
  const error = tracked.connectionError;
  if (error !== undefined) {
    if (error instanceof AiSysadminError) return { code: error.code, reason: error.message, hint: error.hint ?? null };
    return { code: HostUnreachableError.CODE, reason: errorMessage(error), hint: null };
  }
  if (os.status === 'unavailable' && os.cause === 'timeout') {
    return {
      code: 'HOST_NOT_ANSWERING',
      reason: `${tracked.host} accepted the connection but did not answer a command (${os.reason})`,
      hint: 'Log in by hand to see whether the host is overloaded or its shell hangs.',
    };
  }
  return undefined;
}

/** A down host: every part unavailable, with the same reason, so no reader mistakes it for data. */
export function downSnapshot(
  access: Pick<HostAccess, 'host' | 'address'>,
  collectedAt: string,
  started: number,
  down: DownReason,
): HostSnapshot {
  const unavailable = {
    status: 'unavailable' as const,
    durationMs: 0,
    cause: 'failed' as const,
    reason: `host down: ${down.reason}`,
  };
  return {
    host: access.host,
    address: access.address,
    status: 'down',
    down,
    collectedAt,
    durationMs: Math.round(performance.now() - started),
    parts: {
      os: unavailable,
      cpu: unavailable,
      memory: unavailable,
      filesystems: unavailable,
      network: unavailable,
      uptime: unavailable,
      processes: unavailable,
      systemd: unavailable,
      journal: unavailable,
      gpus: unavailable,
      nix: unavailable,
    },
  };
}

/**
 * Remembers the first time a command could not even be started (the runner rejected): that is
 * the host being unreachable, as opposed to a tool failing on a reachable host.
 */
class ConnectionTracker extends DelegatingAccess {
  connectionError: unknown;

  override run(argv: readonly string[], options: RunOptions) {
    return this.track(super.run(argv, options));
  }
  override openFiles(options: ReaderOptions) {
    return this.track(super.openFiles(options));
  }

  private async track<T>(promise: Promise<T>): Promise<T> {
    try {
      return await promise;
    } catch (error) {
      // A tool that failed on a reachable host is that part's business, not the connection's;
      // so is a command never started because its part had given up.
      if (!(error instanceof PartUnavailableError) && !isCode(error, CommandNotStartedError.CODE))
        this.connectionError ??= error;
      throw error;
    }
  }
}

function isCode(error: unknown, code: string): boolean {
  return error instanceof AiSysadminError && error.code === code;
}
