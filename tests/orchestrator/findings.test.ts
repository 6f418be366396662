/** The deterministic rules: thresholds from the config, one finding per problem, stable fingerprints. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { type Filesystem, findingSchema, parseConfig } from '@ai-sysadmin/core';
import {
  downSnapshot,
  evaluateFindings,
  parseNvidiaSmiCsv,
  parseSystemctlUnits,
  sortFindings,
} from '@ai-sysadmin/orchestrator';
import { fixture } from '../helpers/fixtures.js';
import { ok, snapshot } from '../helpers/snapshots.js';

const config = parseConfig({});
const options = { thresholds: config.thresholds, criticalServices: ['sshd'] };

function fs(mount: string, usedPct: number, inodesUsedPct: number | null = 10): Filesystem {
  return {
    mount,
    device: '/dev/sda2',
    type: 'ext4',
    sizeBytes: 100 * 2 ** 30,
    usedBytes: usedPct * 2 ** 30,
    availableBytes: (100 - usedPct) * 2 ** 30,
    usedPct,
    inodesTotal: inodesUsedPct === null ? null : 1000,
    inodesUsed: inodesUsedPct === null ? null : inodesUsedPct * 10,
    inodesUsedPct,
  };
}

const memory = (usedPct: number, swapUsedPct: number | null = null, swapRate = 0) =>
  ok({
    totalBytes: 16 * 2 ** 30,
    availableBytes: ((100 - usedPct) / 100) * 16 * 2 ** 30,
    usedPct,
    swapTotalBytes: swapUsedPct === null ? 0 : 2 ** 30,
    swapUsedBytes: 0,
    swapUsedPct,
    swapInPagesPerSec: swapRate / 2,
    swapOutPagesPerSec: swapRate / 2,
  });

describe('evaluateFindings', () => {
  it('grades disk and inode use by the configured thresholds (85/95 by default)', () => {
    const s = snapshot('web1', {
      filesystems: ok([fs('/', 50), fs('/var', 86), fs('/srv', 95), fs('/home', 40, 96), fs('/boot', 99, null)]),
    });
    const found = evaluateFindings(s, options).map((f) => [f.rule, f.subject, f.severity]);
    expect(found).toEqual([
      ['disk-usage', '/var', 'warning'],
      ['disk-usage', '/srv', 'critical'],
      ['inode-usage', '/home', 'critical'],
      ['disk-usage', '/boot', 'critical'],
    ]);
  });

  it('follows thresholds changed in the config', () => {
    const strict = parseConfig({ thresholds: { disk: { warnPct: 40, criticalPct: 45 } } }).thresholds;
    const s = snapshot('web1', { filesystems: ok([fs('/', 50)]) });
    expect(evaluateFindings(s, { thresholds: strict })[0]).toMatchObject({
      rule: 'disk-usage',
      severity: 'critical',
      evidence: { usedPct: 50, criticalPct: 45 },
    });
  });

  it('reports memory pressure, swap use and swap thrashing', () => {
    const rules = (m: ReturnType<typeof memory>) =>
      evaluateFindings(snapshot('db', { memory: m }), options).map((f) => `${f.rule}:${f.severity}`);
    expect(rules(memory(50))).toEqual([]);
    expect(rules(memory(92))).toEqual(['memory-pressure:warning']);
    expect(rules(memory(98, 85))).toEqual(['memory-pressure:critical', 'swap-usage:critical']);
    expect(rules(memory(60, 10, 5000))).toEqual(['swap-thrash:warning']);
  });

  it('reports sustained load per core from the 15-minute average', () => {
    const cpu = (fifteen: number) =>
      ok({
        cores: 4,
        usagePct: 50,
        perCorePct: [50, 50, 50, 50],
        loadAverage: { one: 20, five: 10, fifteen },
        sampleMs: 100,
      });
    expect(evaluateFindings(snapshot('a', { cpu: cpu(4) }), options)).toEqual([]);
    expect(evaluateFindings(snapshot('a', { cpu: cpu(6) }), options)[0]).toMatchObject({
      rule: 'sustained-load',
      severity: 'warning',
      evidence: { loadPerCore: 1.5 },
    });
    expect(evaluateFindings(snapshot('a', { cpu: cpu(12) }), options)[0]!.severity).toBe('critical');
  });

  it('makes one finding per failed unit, critical for a critical service', () => {
    const { units } = parseSystemctlUnits(fixture('systemctl/list-units--failed_ubuntu-22.04_pager-truncated.txt'));
    const sshd = {
      unit: 'sshd.service',
      load: 'loaded',
      active: 'failed',
      sub: 'failed',
      description: 'OpenSSH Daemon',
    };
    const found = evaluateFindings(
      snapshot('web1', { systemd: ok({ failedUnits: [...units, sshd], format: 'text' as const }) }),
      options,
    );
    expect(found.map((f) => [f.subject, f.severity])).toEqual([
      ['casper-md5check.service', 'warning'],
      ['networking.service', 'warning'],
      ['sshd.service', 'critical'],
    ]);
    expect(found[1]!.summary).toBe('networking.service failed on web1 (Raise network interfaces)');
  });

  it('reports a burst of journal errors with its top sources', () => {
    const journal = (errorCount: number) =>
      ok({
        since: '2025-01-01T00:00:00.000Z',
        window: 'since the last check',
        errorCount,
        truncated: false,
        topSources: [{ source: 'kernel', count: errorCount }],
        recent: [],
      });
    expect(evaluateFindings(snapshot('a', { journal: journal(19) }), options)).toEqual([]);
    expect(evaluateFindings(snapshot('a', { journal: journal(20) }), options)[0]).toMatchObject({
      rule: 'journal-errors',
      severity: 'warning',
      summary: expect.stringContaining('(kernel 20)'),
    });
    expect(evaluateFindings(snapshot('a', { journal: journal(500) }), options)[0]!.severity).toBe('critical');
  });

  it('reports a hot GPU from real nvidia-smi output, against configured thresholds; no temperature, no finding', () => {
    const gpus = parseNvidiaSmiCsv(fixture('nvidia-smi/linux-x86_64_nvidia-l40s_595.80_idle_query-gpu-csv.csv'));
    const hot = parseConfig({ thresholds: { gpuTemperatureC: { warn: 55, critical: 60 } } }).thresholds;
    const found = evaluateFindings(snapshot('gpu1', { gpus: ok({ gpus, sources: ['nvidia-smi' as const] }) }), {
      thresholds: hot,
    });
    expect(found).toEqual([
      expect.objectContaining({
        rule: 'gpu-temperature',
        subject: 'nvidia:0',
        severity: 'critical',
        summary: 'GPU 0 (NVIDIA L40S) on gpu1 is at 63 °C',
      }),
    ]);
    expect(
      evaluateFindings(snapshot('gpu1', { gpus: ok({ gpus, sources: ['nvidia-smi' as const] }) }), options),
    ).toEqual([]);
    const unknown = [{ ...gpus[0]!, temperatureC: null }];
    expect(
      evaluateFindings(snapshot('gpu1', { gpus: ok({ gpus: unknown, sources: ['nvidia-smi' as const] }) }), {
        thresholds: hot,
      }),
    ).toEqual([]);
  });

  it('reports a large Nix store', () => {
    const nix = ok({ storeBytes: 200 * 2 ** 30, lastGc: null, nixosVersion: '24.05', generation: 7 });
    expect(evaluateFindings(snapshot('nix1', { nix }), options)[0]).toMatchObject({
      rule: 'nix-store-size',
      severity: 'warning',
      evidence: { storeGiB: 200 },
    });
  });

  it('makes exactly one critical finding for a host that is down, with the reason', () => {
    const down = downSnapshot({ host: 'web2', address: '10.0.0.6:22' }, '2025-01-01T00:00:00.000Z', performance.now(), {
      code: 'HOST_UNREACHABLE',
      reason: 'Connection refused by web2 (10.0.0.6:22)',
      hint: 'Is sshd running?',
    });
    expect(evaluateFindings(down, options)).toEqual([
      expect.objectContaining({
        rule: 'host-down',
        severity: 'critical',
        summary: 'web2 is down: Connection refused by web2 (10.0.0.6:22)',
      }),
    ]);
  });

  it('yields no finding from an unavailable part', () => {
    expect(evaluateFindings(snapshot('empty', {}), options)).toEqual([]);
  });

  it('gives every finding a valid shape, and orders them most severe first', () => {
    const s = snapshot('web1', { filesystems: ok([fs('/a', 86), fs('/b', 99)]), memory: memory(99) });
    const sorted = sortFindings(evaluateFindings(s, options));
    for (const f of sorted) expect(findingSchema.parse(f)).toEqual(f);
    expect(sorted.map((f) => f.severity)).toEqual(['critical', 'critical', 'warning']);
  });
});

describe('fingerprints', () => {
  it('are the same for the same problem whatever its figures or severity (property)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 85, max: 100, noNaN: true }),
        fc.double({ min: 85, max: 100, noNaN: true }),
        (a, b) => {
          const [x] = evaluateFindings(snapshot('web1', { filesystems: ok([fs('/var', a)]) }), options);
          const [y] = evaluateFindings(snapshot('web1', { filesystems: ok([fs('/var', b)]) }), options);
          return x!.fingerprint === y!.fingerprint;
        },
      ),
    );
  });

  it('differ between hosts, rules and subjects', () => {
    const prints = [
      evaluateFindings(snapshot('web1', { filesystems: ok([fs('/var', 90)]) }), options)[0]!.fingerprint,
      evaluateFindings(snapshot('web2', { filesystems: ok([fs('/var', 90)]) }), options)[0]!.fingerprint,
      evaluateFindings(snapshot('web1', { filesystems: ok([fs('/srv', 90)]) }), options)[0]!.fingerprint,
      evaluateFindings(snapshot('web1', { filesystems: ok([fs('/var', 10, 90)]) }), options)[0]!.fingerprint,
    ];
    expect(new Set(prints).size).toBe(4);
  });
});
