/**
 * `rocm-smi ... --json` into the normalized GPU shape.
 *
 * rocm-smi prints `{ "card0": { "<label>": "<value string>", ... }, "system": {...} }`; the labels
 * changed between ROCm releases (`Card series` / `Card Series` / `Device Name`, `Average Graphics
 * Package Power (W)` / `Current Socket Graphics Package Power (W)`, lower-case `(c)` in 2.x), so
 * labels are matched case-insensitively, by pattern, in order of preference.
 */
import { type Gpu, gpuSchema } from '@ai-sysadmin/core';
import { ToolOutputError } from '../../errors/tool-output-error.js';
import { numberOrNull, round2 } from './tool-values.js';

const MIB = 1024 * 1024;

type Labels = Map<string, string>;

export function parseRocmSmiJson(text: string): Gpu[] {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new ToolOutputError('rocm-smi', `not JSON (${(error as Error).message})`);
  }
  if (typeof document !== 'object' || document === null || Array.isArray(document)) {
    throw new ToolOutputError('rocm-smi', 'the JSON is not an object keyed by card');
  }
  const gpus: Gpu[] = [];
  for (const [key, value] of Object.entries(document)) {
    const card = /^card(\d+)$/i.exec(key);
    if (!card || typeof value !== 'object' || value === null) continue;
    const labels: Labels = new Map(
      Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => typeof v === 'string' || typeof v === 'number')
        .map(([k, v]) => [normalizeLabel(k), String(v)]),
    );
    gpus.push(toGpu(Number(card[1]), labels));
  }
  return gpus.sort((a, b) => a.index - b.index);
}

function toGpu(index: number, labels: Labels): Gpu {
  const vramTotal = first(labels, [/^vram total memory \(b\)$/]);
  const vramUsed = first(labels, [/^vram total used memory \(b\)$/]);
  return gpuSchema.parse({
    vendor: 'amd',
    index,
    name: cardName(labels, index),
    // Edge is the sensor comparable to what other vendors report; cards without one (MI300) give junction.
    temperatureC: first(labels, [/^temperature \(sensor edge\) \(c\)$/, /^temperature \(sensor junction\) \(c\)$/]),
    utilizationPct: first(labels, [/^gpu use \(%\)$/]),
    memoryUsedMiB: vramUsed === null ? null : round2(vramUsed / MIB),
    memoryTotalMiB: vramTotal === null ? null : round2(vramTotal / MIB),
    powerDrawW: first(labels, [
      /^average graphics package power \(w\)$/,
      /^current socket graphics package power \(w\)$/,
      /^(?!max ).*graphics package power \(w\)$/,
    ]),
    powerLimitW: first(labels, [/^max graphics package power \(w\)$/]),
    fanPct: first(labels, [/^fan speed \(%\)$/]),
    smClockMHz: first(labels, [/^sclk clock speed:?$/]),
    memClockMHz: first(labels, [/^mclk clock speed:?$/]),
  });
}

/** The first label matching a pattern, in pattern order, whose value is a number. */
function first(labels: Labels, patterns: RegExp[]): number | null {
  for (const pattern of patterns) {
    for (const [label, value] of labels) {
      if (pattern.test(label)) {
        const n = numberOrNull(value);
        if (n !== null) return n;
      }
    }
  }
  return null;
}

/** A product name where rocm-smi gives one; older releases put PCI ids (`0x1002`) in the name fields. */
function cardName(labels: Labels, index: number): string {
  for (const label of ['device name', 'card series', 'card model']) {
    const value = labels.get(label)?.trim();
    if (value && !/^0x[0-9a-f]+$/i.test(value) && !/^n\/a$/i.test(value)) return value;
  }
  const id = labels.get('device id') ?? labels.get('gpu id');
  return id ? `AMD GPU ${id}` : `AMD GPU ${index}`;
}

function normalizeLabel(label: string): string {
  return label.trim().toLowerCase().replace(/\s+/g, ' ');
}
