/** nvidia-smi CSV, rocm-smi JSON and amdgpu sysfs, against real recorded outputs (sysfs: synthetic, see its sidecar). */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { gpuSchema } from '@ai-sysadmin/core';
import { parseAmdSysfs, parseNvidiaSmiCsv, parseRocmSmiJson, ToolOutputError } from '@ai-sysadmin/orchestrator';
import { fixture, fixtureFiles } from '../helpers/fixtures.js';

const GPU_KEYS = [
  'vendor',
  'index',
  'name',
  'temperatureC',
  'utilizationPct',
  'memoryUsedMiB',
  'memoryTotalMiB',
  'powerDrawW',
  'powerLimitW',
  'fanPct',
  'smClockMHz',
  'memClockMHz',
];

describe('parseNvidiaSmiCsv', () => {
  it.each(fixtureFiles('nvidia-smi', /query-gpu-csv\.csv$/))('reads %s into the normalized shape', (file) => {
    const gpus = parseNvidiaSmiCsv(fixture(file));
    expect(gpus).toHaveLength(1);
    for (const gpu of gpus) {
      expect(Object.keys(gpu)).toEqual(GPU_KEYS);
      expect(gpuSchema.parse(gpu)).toEqual(gpu);
      expect(gpu.vendor).toBe('nvidia');
      expect(gpu.name).toMatch(/^NVIDIA /);
    }
  });

  it('reads each figure from a 115-field capture of driver 465.27, units stripped', () => {
    const [gpu] = parseNvidiaSmiCsv(
      fixture('nvidia-smi/linux-ubuntu20.04_nvidia-geforce-rtx-2080-super_465.27_query-gpu-csv.csv'),
    );
    expect(gpu).toEqual({
      vendor: 'nvidia',
      index: 0,
      name: 'NVIDIA GeForce RTX 2080 SUPER',
      temperatureC: 32,
      utilizationPct: 0,
      memoryUsedMiB: 344,
      memoryTotalMiB: 7979,
      powerDrawW: 30.37,
      powerLimitW: 250,
      fanPct: 38,
      smClockMHz: 300,
      memClockMHz: 405,
    });
  });

  it('turns [N/A] into null, never 0 (H100 has no fan; MIG mode has no utilization)', () => {
    const [h100] = parseNvidiaSmiCsv(
      fixture('nvidia-smi/linux-x86_64_nvidia-h100-80gb-hbm3_590.48.01_load_query-gpu-csv.csv'),
    );
    expect(h100).toMatchObject({
      fanPct: null,
      temperatureC: 59,
      utilizationPct: 100,
      memoryUsedMiB: 19818,
      powerDrawW: 631.95,
      powerLimitW: 700,
    });
    const [mig] = parseNvidiaSmiCsv(
      fixture('nvidia-smi/linux-x86_64_nvidia-h100-mig_590.48.01_idle_query-gpu-csv.csv'),
    );
    expect(mig!.utilizationPct).toBeNull();
  });

  it('reads nounits output with a field subset in its own order (Tesla P100, driver-era netdata capture)', () => {
    const [p100] = parseNvidiaSmiCsv(fixture('nvidia-smi/nounits_tesla-p100-pcie-16gb.csv'));
    expect(p100).toEqual({
      vendor: 'nvidia',
      index: 0,
      name: 'Tesla P100-PCIE-16GB',
      temperatureC: 37,
      utilizationPct: 0,
      memoryUsedMiB: 0,
      memoryTotalMiB: null,
      powerDrawW: 28.16,
      powerLimitW: null,
      fanPct: null,
      smClockMHz: 405,
      memClockMHz: 715,
    });
  });

  it('reads noheader output when given the field list, [Not Supported] as null', () => {
    const fields = [
      'fan.speed',
      'memory.total',
      'memory.used',
      'memory.free',
      'pstate',
      'temperature.gpu',
      'name',
      'uuid',
      'compute_mode',
      'utilization.gpu',
      'utilization.memory',
      'index',
    ];
    const [gtx] = parseNvidiaSmiCsv(fixture('nvidia-smi/noheader-nounits_geforce-gtx-1070-ti_single-line.csv'), {
      fields,
    });
    expect(gtx).toMatchObject({
      name: 'GeForce GTX 1070 Ti',
      fanPct: 85,
      memoryTotalMiB: 8114,
      memoryUsedMiB: 553,
      temperatureC: 61,
      utilizationPct: 100,
      index: 1,
    });
    const [p4] = parseNvidiaSmiCsv(fixture('nvidia-smi/noheader-nounits_tesla-p4_not-supported_single-line.csv'), {
      fields,
    });
    expect(p4).toMatchObject({ name: 'Tesla P4', fanPct: null, temperatureC: 38, utilizationPct: 0 });
  });

  it('refuses noheader output without a field list, saying how to fix it', () => {
    expect(() =>
      parseNvidiaSmiCsv(fixture('nvidia-smi/noheader-nounits_tesla-p4_not-supported_single-line.csv')),
    ).toThrow(ToolOutputError);
    expect(() => parseNvidiaSmiCsv('85, 8114\n')).toThrow(/no header row/);
  });

  it('reads several GPUs, one per row', () => {
    const [header, row] = fixture('nvidia-smi/linux-x86_64_nvidia-l40s_595.80_load_query-gpu-csv.csv')
      .trimEnd()
      .split('\n') as [string, string];
    const at = header.split(', ').indexOf('index');
    const second = row
      .split(', ')
      .map((v, i) => (i === at ? '1' : v))
      .join(', ');
    const gpus = parseNvidiaSmiCsv([header, row, second].join('\n'));
    expect(gpus.map((g) => g.index)).toEqual([0, 1]);
    expect(gpus[1]).toEqual({ ...gpus[0], index: 1 });
  });

  it('is empty for empty output (no GPU), and names a row with the wrong number of cells', () => {
    expect(parseNvidiaSmiCsv('')).toEqual([]);
    expect(() => parseNvidiaSmiCsv('index, name\n0, A, B\n')).toThrow(/row 1 has 3 values for 2 fields/);
  });

  it('gives the same GPU for any subset and order of the fields, with or without units (property)', () => {
    const full = fixture('nvidia-smi/linux-ubuntu20.04_nvidia-geforce-rtx-2080-super_465.27_query-gpu-csv.csv')
      .trimEnd()
      .split('\n');
    const header = full[0]!.split(', ');
    const values = full[1]!.split(', ');
    const reference = parseNvidiaSmiCsv(full.join('\n'))[0]!;
    const indices = header.map((_, i) => i);
    fc.assert(
      fc.property(fc.shuffledSubarray(indices, { minLength: 1 }), fc.boolean(), (picked, nounits) => {
        const strip = (s: string) => (nounits ? s.replace(/ \[[^\]]*\]$/, '') : s);
        const stripValue = (s: string) => (nounits ? s.replace(/ (%|MiB|W|MHz)$/, '') : s);
        const text = `${picked.map((i) => strip(header[i]!)).join(', ')}\n${picked.map((i) => stripValue(values[i]!)).join(', ')}\n`;
        const [gpu] = parseNvidiaSmiCsv(text);
        const names = new Set(picked.map((i) => header[i]!.replace(/ \[.*$/, '')));
        const expectField = (key: keyof typeof reference, field: string) =>
          expect(gpu![key]).toBe(names.has(field) ? reference[key] : key === 'index' ? 0 : null);
        expectField('temperatureC', 'temperature.gpu');
        expectField('memoryUsedMiB', 'memory.used');
        expectField('fanPct', 'fan.speed');
        expect(gpu!.powerDrawW).toBe(names.has('power.draw') ? reference.powerDrawW : null);
      }),
      { numRuns: 300 },
    );
  });
});

describe('parseRocmSmiJson', () => {
  it.each(fixtureFiles('rocm-smi', /^json_/))('reads %s', (file) => {
    const gpus = parseRocmSmiJson(fixture(file));
    expect(gpus.length).toBeGreaterThan(0);
    for (const gpu of gpus) {
      expect(Object.keys(gpu)).toEqual(GPU_KEYS);
      expect(gpu.vendor).toBe('amd');
      expect(gpu.temperatureC).not.toBeNull();
      expect(gpu.memoryTotalMiB).toBeGreaterThan(0);
    }
    expect(gpus.map((g) => g.index)).toEqual([...gpus.map((g) => g.index)].sort((a, b) => a - b));
  });

  it('reads six MI100s of ROCm 5.7.1', () => {
    const gpus = parseRocmSmiJson(fixture('rocm-smi/json_mi100_rocm571.json'));
    expect(gpus).toHaveLength(6);
    expect(gpus[0]).toEqual({
      vendor: 'amd',
      index: 0,
      name: 'Arcturus GL-XL [Instinct MI100]',
      temperatureC: 31,
      utilizationPct: 0,
      memoryUsedMiB: 6.47,
      memoryTotalMiB: 32752,
      powerDrawW: 39,
      powerLimitW: 290,
      fanPct: null,
      smClockMHz: 300,
      memClockMHz: 1200,
    });
  });

  it('tolerates the key names of different releases (Card series/Card Series/Device Name; PCI ids instead of a name)', () => {
    const [rocm612] = parseRocmSmiJson(fixture('rocm-smi/json_rx6700xt_rocm612.json'));
    expect(rocm612!.name).toBe('Navi 22 [Radeon RX 6700/6700 XT / 6800M]');
    const [rocm430] = parseRocmSmiJson(fixture('rocm-smi/json_rx6700xt_rocm430.json'));
    expect(rocm430!.name).toBe('AMD GPU 0x73df');
    expect(rocm430).toMatchObject({
      temperatureC: 45,
      powerDrawW: 6,
      powerLimitW: 211,
      smClockMHz: 500,
      memClockMHz: 96,
    });
    const [vega] = parseRocmSmiJson(fixture('rocm-smi/json_vega-10-XT.json'));
    expect(vega).toMatchObject({ fanPct: 13, temperatureC: 39, smClockMHz: 1269 });
  });

  it('reads lower-case labels and the junction sensor of cards without an edge sensor', () => {
    const text = JSON.stringify({
      card0: {
        'Temperature (Sensor junction) (c)': '35.0',
        'Current Socket Graphics Package Power (W)': '133.0',
        'GPU use (%)': 'N/A',
      },
    });
    expect(parseRocmSmiJson(text)[0]).toMatchObject({
      temperatureC: 35,
      powerDrawW: 133,
      utilizationPct: null,
      name: 'AMD GPU 0',
    });
  });

  it('says what is wrong with output that is not rocm-smi JSON', () => {
    expect(() => parseRocmSmiJson('WARNING: AMD GPU device(s) is/are in a low-power state')).toThrow(
      /rocm-smi.*not JSON/,
    );
    expect(() => parseRocmSmiJson('[]')).toThrow(/not an object keyed by card/);
  });
});

describe('parseAmdSysfs', () => {
  it("reads an AMD card from the amdgpu files and leaves out other vendors' cards", () => {
    const files = new Map(
      Object.entries(JSON.parse(fixture('amd-sysfs/radeon-and-intel-igpu.synthetic.json')) as Record<string, string>),
    );
    expect(parseAmdSysfs(files)).toEqual([
      {
        vendor: 'amd',
        index: 1,
        name: 'AMD GPU 0x73df',
        temperatureC: 52,
        utilizationPct: 37,
        memoryUsedMiB: 1499.89,
        memoryTotalMiB: 12272,
        powerDrawW: 95,
        powerLimitW: 186,
        fanPct: 30.2,
        smClockMHz: 2424,
        memClockMHz: 1000,
      },
    ]);
  });

  it('leaves a file the card does not have as null', () => {
    const files = new Map([['/sys/class/drm/card0/device/vendor', '0x1002\n']]);
    expect(parseAmdSysfs(files)[0]).toMatchObject({
      temperatureC: null,
      utilizationPct: null,
      fanPct: null,
      smClockMHz: null,
    });
  });
});
