/**
 * npm run bench: runs every bench/*.bench.ts (or those named on the command line), prints a
 * table and writes bench/results/latest.json. A run of some benches replaces only their sections
 * there; each section says when and on which machine it was measured.
 */
import { existsSync, readdirSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
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

interface Machine {
  cpus: number;
  cpuModel: string | undefined;
  memoryGiB: number;
  node: string;
}
interface Section {
  file: string;
  title: string;
  at: string;
  machine: Machine;
  figures: BenchFigure[];
  error?: string;
}

const machine: Machine = {
  cpus: cpus().length,
  cpuModel: cpus()[0]?.model,
  memoryGiB: Math.round(totalmem() / 2 ** 30),
  node: process.version,
};
const sections: Section[] = [];
for (const file of files) {
  const bench = (await import(join(here, file))).default as Bench;
  process.stderr.write(`bench: ${bench.title} (${file}) ...\n`);
  const at = new Date().toISOString();
  try {
    sections.push({ file, title: bench.title, at, machine, figures: await bench.run() });
  } catch (error) {
    sections.push({
      file,
      title: bench.title,
      at,
      machine,
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
const latestPath = join(resultsDir, 'latest.json');
mkdirSync(resultsDir, { recursive: true });
// Sections of benches not run this time stay as they were measured.
const earlier = only.length > 0 && existsSync(latestPath) ? earlierSections(readFileSync(latestPath, 'utf8')) : [];
const ran = new Set(sections.map((s) => s.file));
const kept = earlier.filter((s) => !ran.has(s.file) && existsSync(join(here, s.file)));
const merged = [...kept, ...sections].sort((a, b) => a.file.localeCompare(b.file));
writeFileSync(latestPath, `${JSON.stringify({ at: new Date().toISOString(), sections: merged }, null, 2)}\n`);
if (sections.some((s) => s.error)) process.exitCode = 1;

/** The sections of an earlier latest.json; one written before sections carried their own date has it once, at the top. */
function earlierSections(text: string): Section[] {
  const file = JSON.parse(text) as { at?: string; machine?: Machine; sections: Array<Partial<Section>> };
  return file.sections.map((s) => ({ at: file.at, machine: file.machine, ...s }) as Section);
}
