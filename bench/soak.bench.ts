/**
 * Soak: the built daemon checking SOAK_HOSTS (50) rig sshd hosts every SOAK_INTERVAL_SEC (30) for
 * SOAK_DURATION_SEC (default 120 s, so `npm run bench` stays short; the full soak is
 * SOAK_DURATION_SEC=600), two of them with a failed unit the whole time. Reported: RSS growth
 * after warm-up (the first two cycles), the slowest cycle against the interval, and the messages
 * against exactly the two expected.
 */
import { readFileSync } from 'node:fs';
import { API_PATHS, type StatusResponse } from '@ai-sysadmin/core';
import type { Bench, BenchFigure } from './bench-api.js';
import { startGotify, startSshFleet, waitUntil } from '../tests/rig/index.js';
import { daemonConfig, gotifyConfig } from '../tests/helpers/daemon-rig.js';
import { spawnDaemon, writeConfigFile } from '../tests/helpers/daemon-process.js';
import { SocketClient } from '../tests/helpers/socket-client.js';

const HOSTS = Number(process.env.SOAK_HOSTS ?? 50);
const FAILING = 2;
const durationSec = Number(process.env.SOAK_DURATION_SEC ?? 120);
const intervalSec = Number(process.env.SOAK_INTERVAL_SEC ?? 30);

const failedUnit = (host: string) =>
  `[{"unit":"soak-${host}.service","load":"loaded","active":"failed","sub":"failed","description":"Soak unit"}]\n`;

function rssMiB(pid: number): number {
  return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
}

const bench: Bench = {
  title: `soak (${HOSTS} hosts)`,
  async run() {
    const gotify = await startGotify();
    const fleet = await startSshFleet(HOSTS, (i) =>
      i < FAILING
        ? {
            name: `s${i}`,
            standIns: {
              systemctl: { cases: [{ args: '^list-units', stdout: failedUnit(`s${i}`) }], default: { stdout: '' } },
              journalctl: { stdout: '' },
            },
          }
        : { name: `s${i}` },
    );
    try {
      const base = await daemonConfig({
        hosts: fleet.hosts,
        gotify: gotifyConfig(gotify),
        autonomyLevel: 'observe',
        checkInterval: intervalSec,
      });
      const config = { ...base, ssh: { ...base.ssh, knownHostsPath: fleet.knownHostsPath, connectTimeoutSec: 15 } };
      const daemon = spawnDaemon(writeConfigFile(config));
      await daemon.started();
      const api = new SocketClient(config.api.socket);
      const pid = daemon.child.pid!;
      const cycles = new Map<number, { durationMs: number; down: number }>();
      const rss: Array<{ cycle: number; mib: number }> = [];
      const started = Date.now();
      try {
        while (Date.now() - started < durationSec * 1000) {
          const status = await api.json<StatusResponse>('GET', API_PATHS.status);
          const last = status.cycle.last;
          if (last && !cycles.has(last.cycle)) {
            cycles.set(last.cycle, {
              durationMs: last.durationMs,
              down: last.hosts.filter((h) => h.status !== 'up').length,
            });
          }
          rss.push({ cycle: last?.cycle ?? 0, mib: rssMiB(pid) });
          await new Promise((r) => setTimeout(r, 2000));
        }
        await waitUntil('the outbox to drain', async () =>
          (await api.json<StatusResponse>('GET', API_PATHS.status)).outbox.every((o) => o.depth === 0),
        );
      } finally {
        daemon.signal('SIGTERM');
        await daemon.exited();
      }
      const warm = rss.filter((r) => r.cycle >= 2);
      const after = warm.length ? warm : rss;
      const growth = after.length ? Math.max(...after.map((r) => r.mib)) / after[0]!.mib - 1 : 0;
      const durations = [...cycles.values()].map((c) => c.durationMs);
      const slowest = durations.length ? Math.max(...durations) : 0;
      const down = [...cycles.values()].reduce((n, c) => n + c.down, 0);
      const messages = gotify.messages.length;
      const figures: BenchFigure[] = [
        {
          name: `RSS growth after warm-up (${durationSec} s, every ${intervalSec} s)`,
          value: growth * 100,
          unit: '%',
          target: '<= 10 %',
          met: growth <= 0.1,
          note: `${after[0]?.mib.toFixed(1)} MiB after cycle 2, peak ${Math.max(...after.map((r) => r.mib)).toFixed(1)} MiB; ${rss.length} samples`,
        },
        {
          name: `slowest of ${cycles.size} cycles (${HOSTS} hosts + this machine)`,
          value: slowest,
          unit: 'ms',
          target: `< ${intervalSec * 1000} ms (the interval)`,
          met: slowest < intervalSec * 1000,
          note: `cycles: ${durations.join(', ')}; hosts seen down: ${down}`,
        },
        {
          name: 'messages sent (2 failing hosts)',
          value: messages,
          unit: 'messages',
          target: `= ${FAILING}`,
          met: messages === FAILING,
          note: gotify.messages
            .map((m) => m.title)
            .join(' | ')
            .slice(0, 300),
        },
      ];
      return figures;
    } finally {
      await fleet.stop();
      await gotify.stop();
    }
  },
};

export default bench;
