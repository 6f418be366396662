/**
 * GPUs: NVIDIA through nvidia-smi, AMD through rocm-smi, or, where rocm-smi is not installed,
 * the amdgpu driver's sysfs files. No GPU and no driver is an empty list with a note, not an error.
 */
import type { Gpu, GpuInfo } from '@ai-sysadmin/core';
import type { CommandResult } from '@ai-sysadmin/executor/runner';
import { PartUnavailableError } from '../../errors/part-unavailable-error.js';
import { parseAmdSysfs } from '../parsers/amd-sysfs.js';
import { NVIDIA_QUERY_FIELDS, parseNvidiaSmiCsv } from '../parsers/nvidia-smi-csv.js';
import { parseRocmSmiJson } from '../parsers/rocm-smi-json.js';
import type { PartOutcome } from '../run-part.js';
import { type PartContext, commandText, firstLine, notInstalled } from './part-context.js';

export const NVIDIA_SMI_ARGV = [
  'nvidia-smi',
  `--query-gpu=${NVIDIA_QUERY_FIELDS.join(',')}`,
  '--format=csv,nounits',
] as const;
export const ROCM_SMI_ARGV = [
  'rocm-smi',
  '--showproductname',
  '--showtemp',
  '--showuse',
  '--showpower',
  '--showmaxpower',
  '--showmeminfo',
  'vram',
  '--showfan',
  '--showclocks',
  '--json',
] as const;

type Source = GpuInfo['sources'][number];
interface VendorResult {
  gpus: Gpu[];
  source?: Source;
  note?: string;
}

export async function collectGpus(context: PartContext): Promise<PartOutcome<GpuInfo>> {
  const [nvidia, amd] = await Promise.all([nvidiaGpus(context), amdGpus(context)]);
  const toolNotes = [nvidia.note, amd.note].filter((n): n is string => n !== undefined);
  const gpus = [...nvidia.gpus, ...amd.gpus];
  const notes = gpus.length === 0 ? [`no GPU found (${toolNotes.join('; ')})`] : toolNotes;
  return {
    data: { gpus, sources: [nvidia.source, amd.source].filter((s): s is Source => s !== undefined) },
    notes,
  };
}

async function nvidiaGpus({ host, run }: PartContext): Promise<VendorResult> {
  const result = await run.command(NVIDIA_SMI_ARGV);
  if (notInstalled(result)) return { gpus: [], note: 'nvidia-smi is not installed' };
  // A GPU tool that hangs is the driver in trouble: the part fails, naming it.
  if (result.timedOut)
    throw new PartUnavailableError('timeout', `${commandText(result)} timed out on ${host}: ${firstLine(result)}`);
  if (result.exitCode !== 0) {
    // "No devices were found" (exit 6), or the driver is not loaded (exit 9): worth saying, not an error.
    return { gpus: [], note: `nvidia-smi found no usable GPU: ${firstLine(result)}` };
  }
  return { gpus: parseNvidiaSmiCsv(result.stdout), source: 'nvidia-smi' };
}

async function amdGpus({ host, run, files }: PartContext): Promise<VendorResult> {
  const result: CommandResult = await run.command(ROCM_SMI_ARGV);
  if (result.timedOut)
    throw new PartUnavailableError('timeout', `${commandText(result)} timed out on ${host}: ${firstLine(result)}`);
  if (!notInstalled(result)) {
    if (result.exitCode === 0 && result.stdout.trim().startsWith('{')) {
      return { gpus: parseRocmSmiJson(result.stdout), source: 'rocm-smi' };
    }
    const fromSysfs = amdFromSysfs(await files.amdSysfs);
    return {
      ...fromSysfs,
      note: `rocm-smi failed (${firstLine(result)})${fromSysfs.gpus.length ? '; read the amdgpu sysfs files instead' : ''}`,
    };
  }
  const fromSysfs = amdFromSysfs(await files.amdSysfs);
  return fromSysfs.gpus.length
    ? fromSysfs
    : { gpus: [], note: 'rocm-smi is not installed and no AMD card is in /sys/class/drm' };
}

/** The AMD cards in the snapshot's /sys/class/drm files. */
function amdFromSysfs(files: ReadonlyMap<string, string>): VendorResult {
  const gpus = parseAmdSysfs(files);
  return gpus.length ? { gpus, source: 'sysfs' } : { gpus: [] };
}
