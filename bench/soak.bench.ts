/**
 * Soak: the built daemon checking SOAK_HOSTS (50) rig sshd hosts every SOAK_INTERVAL_SEC (30) for
 * SOAK_DURATION_SEC (default 120 s, so `npm run bench` stays short; the full soak is
 * SOAK_DURATION_SEC=600), two of them with a failed unit the whole time. Reported: RSS growth
 * after warm-up (the first two cycles), the slowest cycle against the interval, and the messages
 * against exactly the two expected.
 *
 * Growth is the level's, not a peak's: the median RSS over the last third of the samples against
 * the median over the first third. V8 grows and shrinks its committed heap with the garbage it
 * sees (tens of MiB either way within a cycle), so one sample against the highest says where the
 * sawtooth was, not whether memory is kept; the peak and V8's own figures are in the note.
 */
import { readFileSync } from 'node:fs';
import { API_PATHS, type StatusResponse } from '@ai-sysadmin/core';
import { type Bench, type BenchFigure, median } from './bench-api.js';
import { startGotify, startSshFleet, waitUntil } from '../tests/rig/index.js';
import { daemonConfig, gotifyConfig } from '../tests/helpers/daemon-rig.js';
import { spawnDaemon, writeConfigFile } from '../tests/helpers/daemon-process.js';
import { SocketClient, raw } from '../tests/helpers/socket-client.js';

const HOSTS = Number(process.env.SOAK_HOSTS ?? 50);
const FAILING = 2;
const durationSec = Number(process.env.SOAK_DURATION_SEC ?? 120);
const intervalSec = Number(process.env.SOAK_INTERVAL_SEC ?? 30);

const failedUnit = (host: string) =>
  `[{"unit":"soak-${host}.service","load":"loaded","active":"failed","sub":"failed","description":"Soak unit"}]\n`;

function rssMiB(pid: number): number {
  return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
}

/** One of prom-client's default gauges on the daemon's /metrics (named with its prefix and label), in MiB. */
function gaugeMiB(metrics: string, name: string): number {
  return Number(new RegExp(`^ai_sysadmin_${name}(?:\\{[^}]*\\})? (\\S+)$`, 'm').exec(metrics)?.[1] ?? 0) / 2 ** 20;
}

interface MemorySample {
  cycle: number;
  rss: number;
  heapUsed: number;
  heapTotal: number;
}

/** The median of each figure over the first and the last third of the samples. */
function thirds(samples: readonly MemorySample[], key: keyof Omit<MemorySample, 'cycle'>) {
  const third = Math.max(1, Math.floor(samples.length / 3));
  return {
    first: median(samples.slice(0, third).map((s) => s[key])),
    last: median(samples.slice(-third).map((s) => s[key])),
  };
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
      const memory: MemorySample[] = [];
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
          const metrics = (await raw(config.api.socket, 'GET', API_PATHS.metrics)).text;
          memory.push({
            cycle: last?.cycle ?? 0,
            rss: rssMiB(pid),
            heapUsed: gaugeMiB(metrics, 'nodejs_heap_size_used_bytes'),
            heapTotal: gaugeMiB(metrics, 'nodejs_heap_size_total_bytes'),
          });
          await new Promise((r) => setTimeout(r, 2000));
        }
        await waitUntil('the outbox to drain', async () =>
          (await api.json<StatusResponse>('GET', API_PATHS.status)).outbox.every((o) => o.depth === 0),
        );
      } finally {
        daemon.signal('SIGTERM');
        await daemon.exited();
      }
      const warm = memory.filter((m) => m.cycle >= 2);
      const after = warm.length ? warm : memory;
      const rss = thirds(after, 'rss');
      const heapUsed = thirds(after, 'heapUsed');
      const heapTotal = thirds(after, 'heapTotal');
      const peak = Math.max(...after.map((m) => m.rss));
      const growth = rss.last / rss.first - 1;
      const durations = [...cycles.values()].map((c) => c.durationMs);
      const slowest = durations.length ? Math.max(...durations) : 0;
      const down = [...cycles.values()].reduce((n, c) => n + c.down, 0);
      const messages = gotify.messages.length;
      const figures: BenchFigure[] = [
        {
          name: `RSS growth after warm-up (${durationSec} s, every ${intervalSec} s; median of the last third of samples / of the first)`,
          value: growth * 100,
          unit: '%',
          target: '<= 10 %',
          met: growth <= 0.1,
          note:
            `RSS ${rss.first.toFixed(1)} -> ${rss.last.toFixed(1)} MiB, peak ${peak.toFixed(1)} MiB; ` +
            `V8 heap used ${heapUsed.first.toFixed(1)} -> ${heapUsed.last.toFixed(1)} MiB, ` +
            `committed ${heapTotal.first.toFixed(1)} -> ${heapTotal.last.toFixed(1)} MiB; ${after.length} samples after cycle 2`,
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
