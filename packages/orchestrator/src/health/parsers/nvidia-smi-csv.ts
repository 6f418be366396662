/**
 * `nvidia-smi --query-gpu=<fields> --format=csv[,nounits]` into the normalized GPU shape.
 *
 * The header row names the fields, so any subset in any order is read, with or without units
 * (`memory.used [MiB]` or `memory.used`). Aliases nvidia-smi accepts for the same figure are all
 * understood (`clocks.sm` = `clocks.current.sm`). A cell the driver cannot fill (`[N/A]`,
 * `[Not Supported]`, ...) is null.
 */
import { type Gpu, gpuSchema } from '@ai-sysadmin/core';
import { ToolOutputError } from '../../errors/tool-output-error.js';
import { numberOrNull } from './tool-values.js';

/** The fields the collector asks for; the order is that of the normalized shape. */
export const NVIDIA_QUERY_FIELDS = [
  'index',
  'name',
  'temperature.gpu',
  'utilization.gpu',
  'memory.used',
  'memory.total',
  'power.draw',
  'power.limit',
  'fan.speed',
  'clocks.sm',
  'clocks.mem',
] as const;

type NumericKey = Exclude<keyof Gpu, 'vendor' | 'index' | 'name'>;

/** Each normalized figure and the nvidia-smi fields that carry it, preferred first. */
const FIELD_SOURCES: Record<NumericKey, readonly string[]> = {
  temperatureC: ['temperature.gpu'],
  utilizationPct: ['utilization.gpu'],
  memoryUsedMiB: ['memory.used'],
  memoryTotalMiB: ['memory.total'],
  powerDrawW: ['power.draw', 'power.draw.average', 'power.draw.instant'],
  powerLimitW: ['power.limit', 'enforced.power.limit'],
  fanPct: ['fan.speed'],
  smClockMHz: ['clocks.sm', 'clocks.current.sm'],
  memClockMHz: ['clocks.mem', 'clocks.current.memory'],
};

export interface NvidiaSmiCsvOptions {
  /**
   * The --query-gpu field list, for output printed with `noheader`. With a header row present
   * the header wins.
   */
  fields?: readonly string[];
}

export function parseNvidiaSmiCsv(text: string, options: NvidiaSmiCsvOptions = {}): Gpu[] {
  const lines = text.split(/\r?\n/).filter((line) => line.trim() !== '');
  if (lines.length === 0) return [];
  const firstCells = splitCsvLine(lines[0]!);
  const hasHeader = looksLikeHeader(firstCells);
  let fields: string[];
  if (hasHeader) {
    fields = firstCells.map(fieldName);
  } else if (options.fields) {
    fields = options.fields.map(fieldName);
  } else {
    throw new ToolOutputError('nvidia-smi', 'the CSV has no header row naming its fields', {
      hint: 'Run nvidia-smi with --format=csv (without noheader), or pass the --query-gpu field list.',
    });
  }
  const rows = hasHeader ? lines.slice(1) : lines;
  return rows.map((line, i) => {
    const cells = splitCsvLine(line);
    if (cells.length !== fields.length) {
      throw new ToolOutputError('nvidia-smi', `row ${i + 1} has ${cells.length} values for ${fields.length} fields`);
    }
    const row = new Map(fields.map((f, j) => [f, cells[j]!]));
    return toGpu(row, i);
  });
}

function toGpu(row: Map<string, string>, position: number): Gpu {
  const pick = (key: NumericKey): number | null => {
    for (const field of FIELD_SOURCES[key]) {
      if (row.has(field)) {
        const value = numberOrNull(row.get(field));
        if (value !== null) return value;
      }
    }
    return null;
  };
  const index = numberOrNull(row.get('index'));
  const rawName = (row.get('name') ?? row.get('gpu_name'))?.trim();
  const gpu: Gpu = {
    vendor: 'nvidia',
    index: index ?? position,
    name:
      rawName && numberOrNull(rawName) === null && !/^\[.*\]$/.test(rawName)
        ? rawName
        : `NVIDIA GPU ${index ?? position}`,
    temperatureC: pick('temperatureC'),
    utilizationPct: pick('utilizationPct'),
    memoryUsedMiB: pick('memoryUsedMiB'),
    memoryTotalMiB: pick('memoryTotalMiB'),
    powerDrawW: pick('powerDrawW'),
    powerLimitW: pick('powerLimitW'),
    fanPct: pick('fanPct'),
    smClockMHz: pick('smClockMHz'),
    memClockMHz: pick('memClockMHz'),
  };
  return gpuSchema.parse(gpu);
}

/** nvidia-smi separates cells with ", " and never quotes: no value it prints holds a comma. */
function splitCsvLine(line: string): string[] {
  return line.split(',').map((cell) => cell.trim());
}

/** `memory.used [MiB]` -> `memory.used`. */
function fieldName(header: string): string {
  return header
    .replace(/\s*\[[^\]]*\]\s*$/, '')
    .trim()
    .toLowerCase();
}

/** A header row is made of field names (`index`, `memory.used [MiB]`), never of readings. */
function looksLikeHeader(cells: string[]): boolean {
  return (
    cells.every((cell) => /^[a-z_][a-z0-9_.]*(\s*\[[^\]]*\])?$/i.test(cell)) &&
    cells.some((c) => /[a-z]/i.test(c) && !/^\[/.test(c))
  );
}
