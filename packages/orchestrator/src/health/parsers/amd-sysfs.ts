/**
 * AMD GPUs from the amdgpu driver's sysfs files, for hosts without rocm-smi. The input is a map
 * of absolute path -> file content under /sys/class/drm/card<N>/device/ (read locally, or with one
 * grep over SSH). Units are those of the kernel's amdgpu and hwmon documentation: temperatures in
 * millidegrees, power in microwatts, VRAM in bytes, fan as pwm1 of pwm1_max.
 */
import { type Gpu, gpuSchema } from '@ai-sysadmin/core';
import { numberOrNull, round2 } from './tool-values.js';

export const AMD_PCI_VENDOR = '0x1002';
export const DRM_ROOT = '/sys/class/drm';

/** Files read per card, relative to its device directory. */
export const AMD_DEVICE_FILES = [
  'vendor',
  'device',
  'product_name',
  'gpu_busy_percent',
  'mem_info_vram_used',
  'mem_info_vram_total',
  'pp_dpm_sclk',
  'pp_dpm_mclk',
] as const;

/** Files read from the card's hwmon directory. */
export const AMD_HWMON_FILES = [
  'temp1_input',
  'power1_average',
  'power1_input',
  'power1_cap',
  'pwm1',
  'pwm1_max',
] as const;

/** The cards named in a /sys/class/drm listing (`card0`, not the connectors `card0-DP-1`). */
export function drmCards(listing: readonly string[]): string[] {
  return listing.filter((name) => /^card\d+$/.test(name)).sort((a, b) => Number(a.slice(4)) - Number(b.slice(4)));
}

/** Every AMD card found in the files; other vendors' cards are left out. */
export function parseAmdSysfs(files: ReadonlyMap<string, string>): Gpu[] {
  const cards = new Set<string>();
  for (const path of files.keys()) {
    const match = /^\/sys\/class\/drm\/(card\d+)\/device\//.exec(path);
    if (match) cards.add(match[1]!);
  }
  const gpus: Gpu[] = [];
  for (const card of drmCards([...cards])) {
    const device = `${DRM_ROOT}/${card}/device`;
    if (files.get(`${device}/vendor`)?.trim().toLowerCase() !== AMD_PCI_VENDOR) continue;
    const read = (file: string) => files.get(`${device}/${file}`);
    const hwmon = (file: string) => {
      for (const [path, value] of files) {
        if (path.startsWith(`${device}/hwmon/`) && path.endsWith(`/${file}`)) return value;
      }
      return undefined;
    };
    const milli = (v: string | undefined) => scaled(v, 1000);
    const micro = (v: string | undefined) => scaled(v, 1_000_000);
    const pwm = numberOrNull(hwmon('pwm1'));
    const pwmMax = numberOrNull(hwmon('pwm1_max')) ?? 255;
    const vramUsed = numberOrNull(read('mem_info_vram_used'));
    const vramTotal = numberOrNull(read('mem_info_vram_total'));
    const index = Number(card.slice(4));
    const productName = read('product_name')?.trim();
    const deviceId = read('device')?.trim();
    gpus.push(
      gpuSchema.parse({
        vendor: 'amd',
        index,
        name: productName || (deviceId ? `AMD GPU ${deviceId}` : `AMD GPU ${index}`),
        temperatureC: milli(hwmon('temp1_input')),
        utilizationPct: numberOrNull(read('gpu_busy_percent')),
        memoryUsedMiB: vramUsed === null ? null : round2(vramUsed / 1048576),
        memoryTotalMiB: vramTotal === null ? null : round2(vramTotal / 1048576),
        powerDrawW: micro(hwmon('power1_average')) ?? micro(hwmon('power1_input')),
        powerLimitW: micro(hwmon('power1_cap')),
        fanPct: pwm === null || pwmMax <= 0 ? null : round2((pwm / pwmMax) * 100),
        smClockMHz: activeDpmLevel(read('pp_dpm_sclk')),
        memClockMHz: activeDpmLevel(read('pp_dpm_mclk')),
      }),
    );
  }
  return gpus;
}

function scaled(raw: string | undefined, divisor: number): number | null {
  const value = numberOrNull(raw);
  return value === null ? null : round2(value / divisor);
}

/** pp_dpm_* lists the clock levels (`1: 1200Mhz *`); the one marked `*` is current. */
function activeDpmLevel(text: string | undefined): number | null {
  if (!text) return null;
  for (const line of text.split('\n')) {
    const match = /^\s*\S+:\s*(\d+)\s*Mhz\s*\*\s*$/i.exec(line);
    if (match) return Number(match[1]);
  }
  return null;
}
