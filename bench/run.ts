/**
 * npm run bench: runs every bench/*.bench.ts (or those named on the command line), prints a
 * table and writes bench/results/latest.json.
 */
import { readdirSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Bench, BenchFigure } from './bench-api.js';

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();

const sections: Array<{ file: string; title: string; figures: BenchFigure[]; error?: string }> = [];
for (const file of files) {
  const bench = (await import(join(here, file))).default as Bench;
  process.stderr.write(`bench: ${bench.title} (${file}) ...\n`);
  try {
    sections.push({ file, title: bench.title, figures: await bench.run() });
  } catch (error) {
    sections.push({
      file,
      title: bench.title,
      figures: [],
      error: error instanceof Error ? error.message : String(error),
    });
  }
}

const rows = sections.flatMap((s) =>
  s.error
    ? [[s.title, `FAILED: ${s.error}`, '', '', '']]
    : s.figures.map((f) => [
        s.title,
        f.name,
        `${Number.isInteger(f.value) ? f.value : f.value.toFixed(2)} ${f.unit}`,
        f.target ?? '',
        f.met === undefined ? '' : f.met ? 'met' : 'MISSED',
      ]),
);
const header = ['area', 'figure', 'value', 'target', ''];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
const line = (cells: string[]) =>
  cells
    .map((c, i) => c.padEnd(widths[i]!))
    .join('  ')
    .trimEnd();
console.log(line(header));
console.log(widths.map((w) => '-'.repeat(w)).join('  '));
for (const row of rows) console.log(line(row));

const resultsDir = join(here, 'results');
mkdirSync(resultsDir, { recursive: true });
writeFileSync(
  join(resultsDir, 'latest.json'),
  `${JSON.stringify(
    {
      at: new Date().toISOString(),
      machine: {
        cpus: cpus().length,
        cpuModel: cpus()[0]?.model,
        memoryGiB: Math.round(totalmem() / 2 ** 30),
        node: process.version,
      },
      sections,
    },
    null,
    2,
  )}\n`,
);
if (sections.some((s) => s.error)) process.exitCode = 1;
