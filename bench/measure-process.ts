/** Runs a whole process repeatedly and reports its wall time and peak RSS (via GNU time). */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { median } from './bench-api.js';

export interface ProcessMeasurement {
  wallMs: number[];
  maxRssMiB: number[];
  medianWallMs: number;
  medianMaxRssMiB: number;
  exitCodes: number[];
}

export function measureProcess(argv: string[], runs: number, env: NodeJS.ProcessEnv = process.env): ProcessMeasurement {
  if (!existsSync('/usr/bin/time'))
    throw new Error('GNU time (/usr/bin/time) is needed for RSS figures: apt-get install time');
  const wallMs: number[] = [];
  const maxRssMiB: number[] = [];
  const exitCodes: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const result = spawnSync('/usr/bin/time', ['-f', 'RSS_KIB=%M', ...argv], { env, encoding: 'utf8' });
    wallMs.push(performance.now() - started);
    const rss = /RSS_KIB=(\d+)/.exec(result.stderr ?? '');
    if (!rss) throw new Error(`no RSS figure from ${argv.join(' ')}: ${result.stderr}`);
    maxRssMiB.push(Number(rss[1]) / 1024);
    // GNU time exits with the command's status.
    exitCodes.push(result.status ?? -1);
  }
  return { wallMs, maxRssMiB, exitCodes, medianWallMs: median(wallMs), medianMaxRssMiB: median(maxRssMiB) };
}
