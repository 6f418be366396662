/**
 * GPUs: NVIDIA through nvidia-smi, AMD through rocm-smi, or, where rocm-smi is not installed,
 * the amdgpu driver's sysfs files. No GPU and no driver is an empty list with a note, not an error.
 */
import type { Gpu, GpuInfo } from '@ai-sysadmin/core';
import type { CommandResult } from '@ai-sysadmin/executor/runner';
import {
  AMD_DEVICE_FILES,
  AMD_HWMON_FILES,
  AMD_PCI_VENDOR,
  DRM_ROOT,
  drmCards,
  parseAmdSysfs,
} from '../parsers/amd-sysfs.js';
import { NVIDIA_QUERY_FIELDS, parseNvidiaSmiCsv } from '../parsers/nvidia-smi-csv.js';
import { parseRocmSmiJson } from '../parsers/rocm-smi-json.js';
import type { PartOutcome } from '../run-part.js';
import { type PartContext, firstLine, notInstalled, within } from './part-context.js';

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

async function nvidiaGpus({ access, run }: PartContext): Promise<VendorResult> {
  const result = await access.run(NVIDIA_SMI_ARGV, within(run));
  if (notInstalled(result)) return { gpus: [], note: 'nvidia-smi is not installed' };
  if (result.exitCode !== 0) {
    // "No devices were found" (exit 6), or the driver is not loaded (exit 9): worth saying, not an error.
    return { gpus: [], note: `nvidia-smi found no usable GPU: ${firstLine(result)}` };
  }
  return { gpus: parseNvidiaSmiCsv(result.stdout), source: 'nvidia-smi' };
}

async function amdGpus(context: PartContext): Promise<VendorResult> {
  const { access, run } = context;
  const result: CommandResult = await access.run(ROCM_SMI_ARGV, within(run));
  if (!notInstalled(result)) {
    if (result.exitCode === 0 && result.stdout.trim().startsWith('{')) {
      return { gpus: parseRocmSmiJson(result.stdout), source: 'rocm-smi' };
    }
    const fromSysfs = await amdFromSysfs(context);
    return {
      ...fromSysfs,
      note: `rocm-smi failed (${firstLine(result)})${fromSysfs.gpus.length ? '; read the amdgpu sysfs files instead' : ''}`,
    };
  }
  const fromSysfs = await amdFromSysfs(context);
  return fromSysfs.gpus.length
    ? fromSysfs
    : { gpus: [], note: 'rocm-smi is not installed and no AMD card is in /sys/class/drm' };
}

/** /sys/class/drm/card<N>/device/ of every AMD card: the device files, then its hwmon directory's. */
async function amdFromSysfs({ access, run }: PartContext): Promise<VendorResult> {
  const listing = await access.listDir(DRM_ROOT, within(run));
  const cards = drmCards(listing ?? []);
  if (cards.length === 0) return { gpus: [] };
  const devicePaths = cards.flatMap((card) => AMD_DEVICE_FILES.map((f) => `${DRM_ROOT}/${card}/device/${f}`));
  const files = await access.readFiles(devicePaths, within(run));
  const amdCards = cards.filter(
    (card) => files.get(`${DRM_ROOT}/${card}/device/vendor`)?.trim().toLowerCase() === AMD_PCI_VENDOR,
  );
  if (amdCards.length === 0) return { gpus: [] };
  const hwmonDirs = await Promise.all(
    amdCards.map(async (card) => {
      const dir = `${DRM_ROOT}/${card}/device/hwmon`;
      const names = (await access.listDir(dir, within(run))) ?? [];
      return names.filter((n) => /^hwmon\d+$/.test(n)).map((n) => `${dir}/${n}`);
    }),
  );
  const hwmonPaths = hwmonDirs.flat().flatMap((dir) => AMD_HWMON_FILES.map((f) => `${dir}/${f}`));
  if (hwmonPaths.length)
    for (const [path, text] of await access.readFiles(hwmonPaths, within(run))) files.set(path, text);
  return { gpus: parseAmdSysfs(files), source: 'sysfs' };
}
