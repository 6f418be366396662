/**
 * `ai-sysadmin check --json` on this machine as a whole process, as cron or a person runs it:
 * median wall time and peak RSS, against the targets of the health-collection issue.
 */
import { fileURLToPath } from 'node:url';
import { percentile, type Bench } from './bench-api.js';
import { measureProcess } from './measure-process.js';
import { tempDir } from '../tests/rig/index.js';

const bin = fileURLToPath(new URL('../packages/cli/dist/bin.js', import.meta.url));
const RUNS = 15;

const bench: Bench = {
  title: 'health check',
  async run() {
    const env = {
      ...process.env,
      AI_SYSADMIN_CONFIG: '',
      AI_SYSADMIN_STATE_DIR: tempDir('bench-check'),
    };
    const check = measureProcess([process.execPath, bin, 'check', '--json'], RUNS, env);
    const unexpected = check.exitCodes.filter((c) => c !== 0 && c !== 1);
    if (unexpected.length) throw new Error(`check exited with ${unexpected.join(', ')}`);
    const spread = `p10 ${Math.round(percentile(check.wallMs, 10))} ms, p90 ${Math.round(percentile(check.wallMs, 90))} ms`;
    return [
      {
        name: `check --json wall (median of ${RUNS})`,
        value: Math.round(check.medianWallMs),
        unit: 'ms',
        target: '< 400 ms',
        met: check.medianWallMs < 400,
        note: `${spread}; includes the Ollama probe (refused at once here) and the 100 ms CPU and swap sampling window`,
      },
      {
        name: `check --json peak RSS (median of ${RUNS})`,
        value: Math.round(check.medianMaxRssMiB * 10) / 10,
        unit: 'MiB',
        target: '< 120 MB',
        met: check.medianMaxRssMiB * 1.048576 < 120,
      },
    ];
  },
};
export default bench;
