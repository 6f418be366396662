/**
 * One check of this machine and any managed hosts: snapshots in parallel (managed hosts at most
 * ssh.maxConcurrentHosts at a time), findings from the rules, and the time of the check recorded
 * per host for the next journal window. A host that is down, hangs or refuses us is reported down
 * within its own deadline and holds up no other host past it.
 */
import {
  type CheckReport,
  type Config,
  type HostSnapshot,
  errorMessage,
  mapWithConcurrency,
  sleep,
} from '@ai-sysadmin/core';
import { setMaxListeners } from 'node:events';
import type { RunnerSource } from '@ai-sysadmin/executor/runner';
import { LOCAL_HOST } from '@ai-sysadmin/command-patterns';
import { UnknownHostError } from '../errors/unknown-host-error.js';
import type { HostAccess } from './access/host-access.js';
import { LocalHostAccess } from './access/local-host-access.js';
import { RemoteHostAccess } from './access/remote-host-access.js';
import type { CheckStateStore } from './check-state.js';
import { collectSnapshot, downSnapshot } from './collect-snapshot.js';
import { evaluateFindings, sortFindings } from './findings/evaluate-findings.js';
import { DEFAULT_PART_BUDGETS_MS, type PartBudgets } from './part-budgets.js';
import type { JournalWindow } from './parts/journal-part.js';
import { formatSeconds } from './run-part.js';
import { hostMemory } from './host-memory.js';
import { HostUnreachableError } from '@ai-sysadmin/executor/errors';

/** How long a host past its deadline is waited for while its parts stop their commands (see run-part.ts). */
const STOP_GRACE_MS = 6000;

/** The executor's, re-exported for callers of the health API. */
export type { RunnerSource };

export interface CheckOptions {
  config: Config;
  /** `local` and/or names of managed systems, in the order they are reported. */
  hosts: readonly string[];
  /** Needed when hosts holds a managed system. */
  runners?: RunnerSource;
  /** Where the last check of each host is kept; without one, journal windows are checkInterval long. */
  state?: CheckStateStore;
  budgets?: Partial<PartBudgets>;
  sampleWindowMs?: number;
  /** Told about each host as soon as its snapshot is in (the daemon streams check progress). */
  onHost?: (snapshot: HostSnapshot) => void;
}

/** The hosts a check covers: always this machine, plus the named managed systems or all of them. */
export function selectHosts(
  config: Pick<Config, 'remoteSystems'>,
  selection: { hosts?: readonly string[]; allHosts?: boolean },
): string[] {
  const known = config.remoteSystems.map((s) => s.name);
  if (selection.allHosts) return [LOCAL_HOST, ...known];
  const named = [...new Set(selection.hosts ?? [])].filter((h) => h !== LOCAL_HOST);
  for (const name of named) if (!known.includes(name)) throw new UnknownHostError(name, known);
  return [LOCAL_HOST, ...named];
}

export async function runCheck(options: CheckOptions): Promise<CheckReport> {
  const started = performance.now();
  const checkedAt = new Date();
  const { config } = options;
  const budgets = { ...DEFAULT_PART_BUDGETS_MS, ...options.budgets };
  const connectTimeoutMs = config.ssh.connectTimeoutSec * 1000;
  // The most a host can take: the connection, its first command, then the slowest part, plus a margin.
  const hostDeadlineMs = connectTimeoutMs + budgets.os + Math.max(...Object.values(budgets)) + 2000;

  const windowFor = (host: string): JournalWindow =>
    options.state?.journalWindow(host, checkedAt) ?? {
      since: new Date(checkedAt.getTime() - config.checkInterval * 1000),
      description: `in the last ${config.checkInterval} s (checkInterval)`,
    };

  const checkHost = async (host: string): Promise<HostSnapshot> => {
    let access: HostAccess;
    try {
      access = accessFor(host, options);
    } catch (error) {
      return downSnapshot({ host, address: addressOf(host, config) }, checkedAt.toISOString(), performance.now(), {
        code: HostUnreachableError.CODE,
        reason: errorMessage(error),
        hint: null,
      });
    }
    const stop = new AbortController();
    // Every part and the file reading listen to it.
    setMaxListeners(64, stop.signal);
    const snapshot = collectSnapshot(access, {
      journalWindow: windowFor(host),
      budgets,
      connectTimeoutMs,
      signal: stop.signal,
      memory: hostMemory(options.runners, host),
      nixStoreSizeIntervalMs: config.health.nixStoreSizeIntervalMinutes * 60_000,
      ...(options.sampleWindowMs !== undefined ? { sampleWindowMs: options.sampleWindowMs } : {}),
    });
    const hostStarted = performance.now();
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<'deadline'>((resolve) => {
      timer = setTimeout(() => resolve('deadline'), hostDeadlineMs);
    });
    try {
      const outcome = await Promise.race([snapshot, deadline]);
      if (outcome !== 'deadline') return outcome;
      // Its parts stop their commands (KILL, channels closed); the check waits for that, within a bound.
      stop.abort();
      await Promise.race([snapshot.catch(() => undefined), sleep(STOP_GRACE_MS)]);
      return downSnapshot(access, checkedAt.toISOString(), hostStarted, {
        code: 'HOST_CHECK_TIMEOUT',
        reason: `the check of ${host} did not finish within ${formatSeconds(hostDeadlineMs)}`,
        hint: 'Log in by hand to see whether the host is overloaded or its tools hang.',
      });
    } finally {
      clearTimeout(timer);
    }
  };

  const checkAndTell = async (host: string): Promise<HostSnapshot> => {
    const snapshot = await checkHost(host);
    options.onHost?.(snapshot);
    return snapshot;
  };

  const remote = options.hosts.filter((h) => h !== LOCAL_HOST);
  const [local, remotes] = await Promise.all([
    options.hosts.includes(LOCAL_HOST) ? checkAndTell(LOCAL_HOST) : Promise.resolve(undefined),
    mapWithConcurrency(remote, config.ssh.maxConcurrentHosts, checkAndTell),
  ]);
  const byName = new Map([...(local ? [local] : []), ...remotes].map((s) => [s.host, s]));
  const hosts = options.hosts.map((h) => byName.get(h)!);

  const findingOptions = { thresholds: config.thresholds, criticalServices: config.criticalServices };
  const findings = sortFindings(hosts.flatMap((s) => evaluateFindings(s, findingOptions)));

  const notes: string[] = sessionLimitNotes(remote, options.runners, config.ssh.maxChannelsPerHost);
  if (options.state) {
    // Only a host whose journal was read moves its window on: otherwise its errors would go uncounted.
    const read = hosts.filter((s) => s.parts.journal.status === 'ok').map((s) => s.host);
    const problem = await options.state.record(read, checkedAt);
    if (problem)
      notes.push(
        `the time of this check is not kept (${problem}): the next check counts journal errors over checkInterval`,
      );
  }
  return {
    checkedAt: checkedAt.toISOString(),
    durationMs: Math.round(performance.now() - started),
    hosts,
    findings,
    notes,
  };
}

/** Hosts whose sshd allows fewer sessions than we would open: the check waited in line there. */
function sessionLimitNotes(hosts: readonly string[], runners: RunnerSource | undefined, configured: number): string[] {
  if (!runners) return [];
  return hosts.flatMap((host) => {
    let limit: number | undefined;
    try {
      limit = (runners.runner(host) as { learnedSessionLimit?: number }).learnedSessionLimit;
    } catch {
      return [];
    }
    if (limit === undefined || limit >= configured) return [];
    return [
      `${host} allows only ${limit} SSH session${limit === 1 ? '' : 's'} per connection (its sshd refused more): its commands waited in line. Raise MaxSessions in its sshd_config (OpenSSH's default is 10), or set ssh.maxChannelsPerHost to ${limit} to stop asking for more.`,
    ];
  });
}

function accessFor(host: string, options: CheckOptions): HostAccess {
  if (host === LOCAL_HOST) return new LocalHostAccess();
  const system = options.config.remoteSystems.find((s) => s.name === host);
  if (!system)
    throw new UnknownHostError(
      host,
      options.config.remoteSystems.map((s) => s.name),
    );
  if (!options.runners) throw new Error(`no SSH runners were given to check ${host}`);
  return new RemoteHostAccess(host, `${system.address}:${system.port}`, options.runners.runner(host));
}

function addressOf(host: string, config: Config): string {
  if (host === LOCAL_HOST) return 'localhost';
  const system = config.remoteSystems.find((s) => s.name === host);
  return system ? `${system.address}:${system.port}` : 'unknown';
}
