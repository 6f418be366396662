/**
 * Fan-out of a check over managed hosts: 1, 10 and 50 real sshd instances on loopback (the rig's,
 * with a stock MaxSessions and the sftp subsystem as Debian ships them). Each run checks them
 * twice over one connection pool: the first check as `ai-sysadmin check --all-hosts` makes it (a
 * new connection per host, nothing known of the hosts yet), then a later one as the daemon makes
 * it every checkInterval (the same connections, the programs each host lacks and the Nix store's
 * size remembered). For each size and each kind: the wall time, the SSH sessions (exec channels
 * and subsystems) each host started per check (from the sshd logs), and the CPU of this client
 * and of the servers per host per check (du stands in: the machine's own Nix store would be
 * measured otherwise).
 * Then 10 hosts plus a tarpit (accepts TCP, never answers), to see that a hanging host adds no
 * more than its connect timeout.
 */
import { readFileSync } from 'node:fs';
import { parseConfig, sleep } from '@ai-sysadmin/core';
import { RunnerPool } from '@ai-sysadmin/executor';
import { runCheck } from '@ai-sysadmin/orchestrator/health';
import { type BenchFigure, type Bench, median } from './bench-api.js';
import { type SshHost, startSshFleet, startTarpit, tempDir } from '../tests/rig/index.js';

const RUNS = 3;
const TICKS_PER_SEC = 100;
/** Generous for the fleet: 50 handshakes at once on two shared cores take a while. */
const FLEET_CONNECT_TIMEOUT_SEC = 15;
/** What the tarpit row measures against. */
const TARPIT_CONNECT_TIMEOUT_SEC = 2;

/**
 * CPU seconds a process, its reaped children, and its live descendants with theirs have used:
 * an sshd listener with its connections (alive while the pool keeps them) and their sessions.
 */
function processCpuSec(pid: number | undefined): number {
  if (!pid) return 0;
  let fields: string[];
  let children: number[];
  try {
    fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map(Number);
  } catch {
    return 0; // gone meanwhile: its time is in its parent's reaped children now
  }
  // utime, stime, cutime, cstime are fields 14-17 of stat; here counted from field 3.
  const own = [11, 12, 13, 14].reduce((sum, i) => sum + Number(fields[i]), 0) / TICKS_PER_SEC;
  return own + children.reduce((sum, child) => sum + processCpuSec(child), 0);
}

interface Measured {
  wallMs: number;
  sessionsPerHost: number;
  clientCpuMsPerHost: number;
  serverCpuMsPerHost: number;
}

interface Rounds {
  /** A new connection per host, nothing known of them (`check --all-hosts`). */
  first: Measured;
  /** The same connections, what the first check learned remembered (the daemon's checks). */
  later: Measured;
}

const bench: Bench = {
  title: 'check fan-out',
  async run() {
    // du stands in: this machine's own /nix/store (which other work fills and empties) would be
    // measured by every host, and the bench is about what a check costs, not what du does.
    const fleet = await startSshFleet(50, (i) => ({ name: `h${i}`, standIns: { du: { stdout: '8\t/nix/store\n' } } }));
    const tarpit = await startTarpit();
    const stateDir = tempDir('bench-state');
    const systems = fleet.remoteSystems();
    const serverCpu = (hosts: SshHost[]) => hosts.reduce((sum, h) => sum + processCpuSec(h.pid), 0);
    const sessions = (hosts: SshHost[]) => hosts.reduce((sum, h) => sum + h.sessionsStarted(), 0);

    const measure = async (hostCount: number, withTarpit = false): Promise<Rounds> => {
      const hosts = fleet.hosts.slice(0, hostCount);
      const remoteSystems = [
        ...systems.slice(0, hostCount),
        ...(withTarpit ? [{ name: 'tarpit', address: '127.0.0.1', port: tarpit.port }] : []),
      ];
      const connectTimeoutSec = withTarpit ? TARPIT_CONNECT_TIMEOUT_SEC : FLEET_CONNECT_TIMEOUT_SEC;
      const config = parseConfig({ stateDir, remoteSystems, ssh: { ...fleet.sshConfig(), connectTimeoutSec } });
      const runs: Record<keyof Rounds, Measured[]> = { first: [], later: [] };
      const checkOnce = async (pool: RunnerPool): Promise<Measured> => {
        const clientBefore = process.cpuUsage();
        const serversBefore = serverCpu(hosts);
        const sessionsBefore = sessions(hosts);
        const started = performance.now();
        const report = await runCheck({ config, hosts: remoteSystems.map((s) => s.name), runners: pool });
        const wallMs = performance.now() - started;
        const client = process.cpuUsage(clientBefore);
        // A session's processes are counted in their parent once they have exited and been reaped.
        await sleep(700);
        const down = report.hosts.filter((h) => h.status === 'down');
        if (down.map((h) => h.host).join() !== (withTarpit ? 'tarpit' : ''))
          throw new Error(`unexpected hosts down: ${down.map((h) => `${h.host} (${h.down!.reason})`).join(', ')}`);
        return {
          wallMs,
          sessionsPerHost: (sessions(hosts) - sessionsBefore) / hostCount,
          clientCpuMsPerHost: (client.user + client.system) / 1000 / hostCount,
          serverCpuMsPerHost: ((serverCpu(hosts) - serversBefore) * 1000) / hostCount,
        };
      };
      for (let run = 0; run < RUNS; run++) {
        const pool = new RunnerPool(config);
        try {
          runs.first.push(await checkOnce(pool));
          runs.later.push(await checkOnce(pool));
        } finally {
          await pool.closeAll();
        }
      }
      const summary = (list: Measured[]): Measured => {
        const mid = (key: keyof Measured) => Math.round(median(list.map((r) => r[key])) * 10) / 10;
        return {
          wallMs: Math.round(median(list.map((r) => r.wallMs))),
          sessionsPerHost: mid('sessionsPerHost'),
          clientCpuMsPerHost: mid('clientCpuMsPerHost'),
          serverCpuMsPerHost: mid('serverCpuMsPerHost'),
        };
      };
      return { first: summary(runs.first), later: summary(runs.later) };
    };

    /** What opening and closing one connection costs the server, with no command at all. */
    const connectionCost = async (): Promise<number> => {
      const config = parseConfig({ stateDir, remoteSystems: systems.slice(0, 1), ssh: fleet.sshConfig() });
      const costs: number[] = [];
      for (let i = 0; i < 5; i++) {
        const pool = new RunnerPool(config);
        const before = serverCpu(fleet.hosts.slice(0, 1));
        await pool.runner('h0').connect();
        await pool.closeAll();
        await sleep(700);
        costs.push((serverCpu(fleet.hosts.slice(0, 1)) - before) * 1000);
      }
      return Math.round(median(costs));
    };

    try {
      const one = await measure(1);
      const ten = await measure(10);
      const fifty = await measure(50);
      const tenWithTarpit = await measure(10, true);
      const connection = await connectionCost();
      const ratio = (kind: keyof Rounds) => Math.round((fifty[kind].wallMs / one[kind].wallMs) * 100) / 100;
      const added = tenWithTarpit.first.wallMs - ten.first.wallMs;
      const KINDS: Record<keyof Rounds, string> = {
        first: 'first check (new connections)',
        later: 'later checks (same connections)',
      };
      const perSize = (label: string, rounds: Rounds): BenchFigure[] =>
        (['first', 'later'] as const).flatMap((kind) => {
          const m = rounds[kind];
          const what = `${label}, ${KINDS[kind]}`;
          return [
            { name: `${what}: check wall (median of ${RUNS})`, value: m.wallMs, unit: 'ms' },
            {
              name: `${what}: SSH sessions per host per check`,
              value: m.sessionsPerHost,
              unit: 'sessions',
              target: '<= 3',
              met: m.sessionsPerHost <= 3,
              note: 'exec channels plus the sftp session, counted in the sshd logs',
            },
            { name: `${what}: client CPU per host per check`, value: m.clientCpuMsPerHost, unit: 'ms' },
            {
              name: `${what}: server CPU per host per check`,
              value: m.serverCpuMsPerHost,
              unit: 'ms',
              target: '<= 150 ms',
              met: m.serverCpuMsPerHost <= 150,
              note:
                kind === 'first'
                  ? 'the sshd listener with its connections and their sessions, connection included'
                  : 'the sshd listener with its connections and their sessions, the connections already open',
            },
          ];
        });
      const figures: BenchFigure[] = [
        ...perSize('1 host', one),
        ...perSize('10 hosts', ten),
        ...perSize('50 hosts', fifty),
        ...(['first', 'later'] as const).map((kind) => ({
          name: `50 hosts / 1 host (wall), ${KINDS[kind]}`,
          value: ratio(kind),
          unit: 'x',
          target: '<= 3',
          met: ratio(kind) <= 3,
          note: 'maxConcurrentHosts 64 (default); the 50 sshd servers share the same cores as this client',
        })),
        {
          name: 'server CPU of one connection alone (open and close, no command; median of 5)',
          value: connection,
          unit: 'ms',
        },
        {
          name: `time a tarpit host adds to 10 hosts (connect timeout ${TARPIT_CONNECT_TIMEOUT_SEC} s)`,
          value: Math.round(added),
          unit: 'ms',
          target: `<= ${TARPIT_CONNECT_TIMEOUT_SEC * 1000} ms`,
          met: added <= TARPIT_CONNECT_TIMEOUT_SEC * 1000,
        },
      ];
      return figures;
    } finally {
      await fleet.stop();
      await tarpit.stop();
    }
  },
};
export default bench;
