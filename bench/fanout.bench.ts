/**
 * Fan-out of a check over managed hosts: 1, 10 and 50 real sshd instances on loopback (the rig's),
 * checked as `ai-sysadmin check --all-hosts` checks them; then 10 hosts plus a tarpit (accepts TCP,
 * never answers), to see that a hanging host adds no more than its connect timeout.
 */
import { readFileSync } from 'node:fs';
import { parseConfig } from '@ai-sysadmin/core';
import { RunnerPool } from '@ai-sysadmin/executor';
import { runCheck } from '@ai-sysadmin/orchestrator/health';
import { type BenchFigure, type Bench, median } from './bench-api.js';
import { startSshFleet, startTarpit, tempDir } from '../tests/rig/index.js';

const RUNS = 3;
const TICKS_PER_SEC = 100;

/** CPU seconds a process and its reaped children (an sshd listener's sessions) have used. */
function processCpuSec(pid: number | undefined): number {
  if (!pid) return 0;
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  // utime, stime, cutime, cstime are fields 14-17 of stat; here counted from field 3.
  return [11, 12, 13, 14].reduce((sum, i) => sum + Number(fields[i]), 0) / TICKS_PER_SEC;
}
const CONNECT_TIMEOUT_SEC = 2;

const bench: Bench = {
  title: 'check fan-out',
  async run() {
    const fleet = await startSshFleet(50, (i) => ({ name: `h${i}` }));
    const tarpit = await startTarpit();
    const stateDir = tempDir('bench-state');
    const ssh = { ...fleet.sshConfig(), connectTimeoutSec: CONNECT_TIMEOUT_SEC };
    const systems = fleet.remoteSystems();
    const serverCpu = () => fleet.hosts.reduce((sum, h) => sum + processCpuSec(h.pid), 0);
    let cpu = { client: 0, servers: 0 };
    const measure = async (hostCount: number, withTarpit = false) => {
      const remoteSystems = [
        ...systems.slice(0, hostCount),
        ...(withTarpit ? [{ name: 'tarpit', address: '127.0.0.1', port: tarpit.port }] : []),
      ];
      const config = parseConfig({ stateDir, remoteSystems, ssh });
      const walls: number[] = [];
      for (let run = 0; run < RUNS; run++) {
        const pool = new RunnerPool(config);
        const clientBefore = process.cpuUsage();
        const serversBefore = serverCpu();
        const started = performance.now();
        const report = await runCheck({ config, hosts: remoteSystems.map((s) => s.name), runners: pool });
        walls.push(performance.now() - started);
        const client = process.cpuUsage(clientBefore);
        await pool.closeAll();
        // A connection's sshd process is counted in its listener once it has exited and been reaped.
        await new Promise((resolve) => setTimeout(resolve, 500));
        cpu = { client: (client.user + client.system) / 1e6, servers: serverCpu() - serversBefore };
        const down = report.hosts.filter((h) => h.status === 'down').map((h) => h.host);
        if (down.join() !== (withTarpit ? 'tarpit' : ''))
          throw new Error(
            `unexpected hosts down: ${report.hosts
              .filter((h) => h.status === 'down')
              .map((h) => `${h.host} (${h.down!.reason})`)
              .join(', ')}`,
          );
      }
      return median(walls);
    };
    try {
      const one = await measure(1);
      const ten = await measure(10);
      const fifty = await measure(50);
      const fiftyCpu = cpu;
      const tenWithTarpit = await measure(10, true);
      const ratio = fifty / one;
      const added = tenWithTarpit - ten;
      const figures: BenchFigure[] = [
        { name: `1 host, check wall (median of ${RUNS})`, value: Math.round(one), unit: 'ms' },
        { name: `10 hosts, check wall (median of ${RUNS})`, value: Math.round(ten), unit: 'ms' },
        {
          name: `50 hosts, check wall (median of ${RUNS})`,
          value: Math.round(fifty),
          unit: 'ms',
          note: 'maxConcurrentHosts 64 (default)',
        },
        { name: '50 hosts / 1 host', value: Math.round(ratio * 100) / 100, unit: 'x', target: '< 3', met: ratio < 3 },
        {
          name: '50 hosts: CPU of this client (last run)',
          value: Math.round(fiftyCpu.client * 1000),
          unit: 'ms',
          note: 'the 50 sshd servers share the same cores: their CPU is the next figure',
        },
        {
          name: '50 hosts: CPU of the 50 sshd servers and their sessions (last run)',
          value: Math.round(fiftyCpu.servers * 1000),
          unit: 'ms',
        },
        {
          name: `time a tarpit host adds to 10 hosts (connect timeout ${CONNECT_TIMEOUT_SEC} s)`,
          value: Math.round(added),
          unit: 'ms',
          target: `<= ${CONNECT_TIMEOUT_SEC * 1000} ms`,
          met: added <= CONNECT_TIMEOUT_SEC * 1000,
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
