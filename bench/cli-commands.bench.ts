/**
 * The commands people type, whole processes (median wall and peak RSS), side by side with
 * `--help` in the same run: `ask --help` (the start-up floor of a client command), `approve list`
 * against a running daemon, and `check` of this machine through the daemon against the
 * standalone `check`.
 */
import { type Bench, type BenchFigure } from './bench-api.js';
import { measureProcess } from './measure-process.js';
import { waitUntil } from '../tests/rig/index.js';
import { daemonConfig } from '../tests/helpers/daemon-rig.js';
import { BIN, spawnDaemon, writeConfigFile } from '../tests/helpers/daemon-process.js';

const RUNS = 11;
const CHECK_RUNS = 5;

const bench: Bench = {
  title: 'cli commands',
  async run() {
    const figures: BenchFigure[] = [];
    const env = { ...process.env, AI_SYSADMIN_CONFIG: '' };
    const help = measureProcess([process.execPath, BIN, '--help'], RUNS, env);
    const askHelp = measureProcess([process.execPath, BIN, 'ask', '--help'], RUNS, env);
    figures.push(
      { name: `ai-sysadmin --help wall (median of ${RUNS})`, value: help.medianWallMs, unit: 'ms' },
      { name: `ai-sysadmin --help peak RSS (median of ${RUNS})`, value: help.medianMaxRssMiB, unit: 'MiB' },
      {
        name: `ask --help wall (median of ${RUNS})`,
        value: askHelp.medianWallMs,
        unit: 'ms',
        target: '<= 150 ms',
        met: askHelp.medianWallMs <= 150,
        note: `--help alone: ${help.medianWallMs.toFixed(0)} ms in the same run`,
      },
      {
        name: `ask --help peak RSS (median of ${RUNS})`,
        value: askHelp.medianMaxRssMiB,
        unit: 'MiB',
        target: '<= 60 MiB',
        met: askHelp.medianMaxRssMiB <= 60,
      },
    );

    const config = await daemonConfig({ autonomyLevel: 'observe' });
    const path = writeConfigFile(config);
    const daemon = spawnDaemon(path);
    try {
      await daemon.started();
      await waitUntil('the startup cycle', () => daemon.output().includes('"cycle":1,'), 60_000);
      const list = measureProcess([process.execPath, BIN, 'approve', 'list', '--config', path], RUNS, env);
      if (list.exitCodes.some((c) => c !== 0)) throw new Error(`approve list failed: ${list.exitCodes.join(',')}`);
      figures.push(
        {
          name: `approve list against a running daemon wall (median of ${RUNS})`,
          value: list.medianWallMs,
          unit: 'ms',
          target: '<= 200 ms',
          met: list.medianWallMs <= 200,
          note: `--help alone: ${help.medianWallMs.toFixed(0)} ms in the same run`,
        },
        { name: `approve list peak RSS (median of ${RUNS})`, value: list.medianMaxRssMiB, unit: 'MiB' },
      );

      const args = ['check', '--no-llm-probe', '--config', path];
      const through = measureProcess([process.execPath, BIN, ...args], CHECK_RUNS, env);
      const standalone = measureProcess([process.execPath, BIN, ...args, '--standalone'], CHECK_RUNS, env);
      const ratio = through.medianWallMs / standalone.medianWallMs;
      figures.push(
        { name: `check through the daemon wall (median of ${CHECK_RUNS})`, value: through.medianWallMs, unit: 'ms' },
        { name: `check --standalone wall (median of ${CHECK_RUNS})`, value: standalone.medianWallMs, unit: 'ms' },
        {
          name: 'check through the daemon / standalone',
          value: ratio,
          unit: 'x',
          target: '<= 0.5',
          met: ratio <= 0.5,
          note: 'this machine alone; the daemon runs a whole cycle (issues, outbox) for each check',
        },
        { name: `check through the daemon peak RSS (median)`, value: through.medianMaxRssMiB, unit: 'MiB' },
        { name: `check --standalone peak RSS (median)`, value: standalone.medianMaxRssMiB, unit: 'MiB' },
      );
    } finally {
      daemon.signal('SIGTERM');
      await daemon.exited();
    }
    return figures;
  },
};
export default bench;
