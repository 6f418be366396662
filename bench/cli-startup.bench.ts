/** How fast the binary answers before doing any real work: the floor under every subcommand. */
import { fileURLToPath } from 'node:url';
import type { Bench } from './bench-api.js';
import { measureProcess } from './measure-process.js';

const bin = fileURLToPath(new URL('../packages/cli/bin/ai-sysadmin.js', import.meta.url));
const RUNS = 15;

const bench: Bench = {
  title: 'cli startup',
  async run() {
    const help = measureProcess([process.execPath, bin, '--help'], RUNS);
    const config = measureProcess([process.execPath, bin, 'config', 'check'], RUNS, {
      ...process.env,
      AI_SYSADMIN_CONFIG: '',
    });
    return [
      { name: `ai-sysadmin --help wall (median of ${RUNS})`, value: help.medianWallMs, unit: 'ms' },
      { name: `ai-sysadmin --help peak RSS (median of ${RUNS})`, value: help.medianMaxRssMiB, unit: 'MiB' },
      { name: `ai-sysadmin config check wall (median of ${RUNS})`, value: config.medianWallMs, unit: 'ms' },
      { name: `ai-sysadmin config check peak RSS (median of ${RUNS})`, value: config.medianMaxRssMiB, unit: 'MiB' },
    ];
  },
};
export default bench;
