/**
 * The deterministic rules that turn a snapshot into findings, with thresholds from the config.
 * No LLM is involved: these hold when Ollama is down. A part the host does not have (no systemd
 * in a container, no Nix store) yields no finding; a part that failed or timed out yields a
 * `part-failed` warning, so a check that could not see something never reads as healthy. A host
 * that is down yields exactly one finding.
 */
import type { Config, Finding, FindingRule, HostSnapshot, PartName, Severity } from '@ai-sysadmin/core';
import { fingerprint } from './fingerprint.js';

type Thresholds = Config['thresholds'];

/**
 * Rules whose finding is worth a message only once this many checks in a row have made it; the
 * rest are announced on the first. A part the check could not read is often the check's own
 * moment (a loaded host answering late), while its report and the issue still say it at once.
 */
export const CHECKS_BEFORE_MESSAGE: Partial<Record<FindingRule, number>> = { 'part-failed': 2 };

/** How many checks in a row an issue of this rule needs before its message (1 for an alert's or an unlisted rule). */
export function checksBeforeMessage(rule: string): number {
  return CHECKS_BEFORE_MESSAGE[rule as FindingRule] ?? 1;
}

export interface FindingOptions {
  thresholds: Thresholds;
  /** Units whose failure is critical rather than a warning. */
  criticalServices?: readonly string[];
}

export function evaluateFindings(snapshot: HostSnapshot, options: FindingOptions): Finding[] {
  const { thresholds: t } = options;
  const host = snapshot.host;
  const findings: Finding[] = [];
  const add = (
    rule: FindingRule,
    subject: string,
    severity: Severity,
    summary: string,
    evidence: Record<string, unknown>,
  ) =>
    findings.push({ fingerprint: fingerprint(host, rule, subject), host, rule, subject, severity, summary, evidence });

  if (snapshot.status === 'down') {
    const down = snapshot.down!;
    add('host-down', '', 'critical', `${host} is down: ${down.reason}`, {
      code: down.code,
      reason: down.reason,
      hint: down.hint,
      address: snapshot.address,
    });
    return findings;
  }
  const { parts } = snapshot;

  for (const [name, part] of Object.entries(parts) as Array<[PartName, (typeof parts)[PartName]]>) {
    if (part.status !== 'unavailable' || part.cause === 'absent') continue;
    add('part-failed', name, 'warning', `could not read ${PART_SUBJECTS[name]} on ${host}: ${part.reason}`, {
      part: name,
      cause: part.cause,
      reason: part.reason,
    });
  }

  if (parts.filesystems.status === 'ok') {
    for (const fs of parts.filesystems.data) {
      const disk = level(fs.usedPct, t.disk.warnPct, t.disk.criticalPct);
      if (disk) {
        add(
          'disk-usage',
          fs.mount,
          disk,
          `${fs.mount} on ${host} is ${fs.usedPct}% full (${gib(fs.availableBytes)} GiB free)`,
          {
            mount: fs.mount,
            device: fs.device,
            usedPct: fs.usedPct,
            availableBytes: fs.availableBytes,
            sizeBytes: fs.sizeBytes,
            warnPct: t.disk.warnPct,
            criticalPct: t.disk.criticalPct,
          },
        );
      }
      const inodes =
        fs.inodesUsedPct === null ? undefined : level(fs.inodesUsedPct, t.inodes.warnPct, t.inodes.criticalPct);
      if (inodes) {
        add('inode-usage', fs.mount, inodes, `${fs.mount} on ${host} has used ${fs.inodesUsedPct}% of its inodes`, {
          mount: fs.mount,
          inodesUsedPct: fs.inodesUsedPct,
          inodesUsed: fs.inodesUsed,
          inodesTotal: fs.inodesTotal,
          warnPct: t.inodes.warnPct,
          criticalPct: t.inodes.criticalPct,
        });
      }
    }
  }

  if (parts.memory.status === 'ok') {
    const m = parts.memory.data;
    const memory = level(m.usedPct, t.memory.warnPct, t.memory.criticalPct);
    if (memory) {
      add(
        'memory-pressure',
        '',
        memory,
        `memory on ${host} is ${m.usedPct}% used (${gib(m.availableBytes)} GiB available)`,
        {
          usedPct: m.usedPct,
          availableBytes: m.availableBytes,
          totalBytes: m.totalBytes,
          warnPct: t.memory.warnPct,
          criticalPct: t.memory.criticalPct,
        },
      );
    }
    const swap = m.swapUsedPct === null ? undefined : level(m.swapUsedPct, t.swap.warnPct, t.swap.criticalPct);
    if (swap) {
      add('swap-usage', '', swap, `swap on ${host} is ${m.swapUsedPct}% used`, {
        swapUsedPct: m.swapUsedPct,
        swapUsedBytes: m.swapUsedBytes,
        swapTotalBytes: m.swapTotalBytes,
        warnPct: t.swap.warnPct,
        criticalPct: t.swap.criticalPct,
      });
    }
    if (m.swapInPagesPerSec !== null && m.swapOutPagesPerSec !== null) {
      const rate = m.swapInPagesPerSec + m.swapOutPagesPerSec;
      if (rate >= t.swapActivityPagesPerSec) {
        add(
          'swap-thrash',
          '',
          'warning',
          `${host} is swapping ${rate} pages/s (in ${m.swapInPagesPerSec}, out ${m.swapOutPagesPerSec})`,
          {
            swapInPagesPerSec: m.swapInPagesPerSec,
            swapOutPagesPerSec: m.swapOutPagesPerSec,
            thresholdPagesPerSec: t.swapActivityPagesPerSec,
          },
        );
      }
    }
  }

  if (parts.cpu.status === 'ok' && parts.cpu.data.cores > 0) {
    const c = parts.cpu.data;
    const perCore = Math.round((c.loadAverage.fifteen / c.cores) * 100) / 100;
    const load = level(perCore, t.loadPerCore.warn, t.loadPerCore.critical);
    if (load) {
      add(
        'sustained-load',
        '',
        load,
        `${host} has a 15-minute load of ${c.loadAverage.fifteen} on ${c.cores} cores (${perCore} per core)`,
        {
          loadAverage: c.loadAverage,
          cores: c.cores,
          loadPerCore: perCore,
          warn: t.loadPerCore.warn,
          critical: t.loadPerCore.critical,
        },
      );
    }
  }

  if (parts.systemd.status === 'ok') {
    const critical = new Set(options.criticalServices ?? []);
    for (const unit of parts.systemd.data.failedUnits) {
      const isCritical = critical.has(unit.unit) || critical.has(unit.unit.replace(/\.service$/, ''));
      add(
        'failed-unit',
        unit.unit,
        isCritical ? 'critical' : 'warning',
        `${unit.unit} failed on ${host}${unit.description ? ` (${unit.description})` : ''}`,
        {
          unit: unit.unit,
          load: unit.load,
          active: unit.active,
          sub: unit.sub,
          description: unit.description,
          criticalService: isCritical,
        },
      );
    }
  }

  if (parts.journal.status === 'ok') {
    const j = parts.journal.data;
    const burst = level(j.errorCount, t.journalErrors.warn, t.journalErrors.critical);
    if (burst) {
      const top = j.topSources
        .slice(0, 3)
        .map((s) => `${s.source} ${s.count}`)
        .join(', ');
      add(
        'journal-errors',
        '',
        burst,
        `${j.truncated ? 'at least ' : ''}${j.errorCount} journal errors on ${host} since ${j.since}${top ? ` (${top})` : ''}`,
        {
          errorCount: j.errorCount,
          truncated: j.truncated,
          since: j.since,
          topSources: j.topSources,
          warn: t.journalErrors.warn,
          critical: t.journalErrors.critical,
        },
      );
    }
  }

  if (parts.gpus.status === 'ok') {
    for (const gpu of parts.gpus.data.gpus) {
      if (gpu.temperatureC === null) continue;
      const hot = level(gpu.temperatureC, t.gpuTemperatureC.warn, t.gpuTemperatureC.critical);
      if (hot) {
        add(
          'gpu-temperature',
          `${gpu.vendor}:${gpu.index}`,
          hot,
          `GPU ${gpu.index} (${gpu.name}) on ${host} is at ${gpu.temperatureC} °C`,
          {
            vendor: gpu.vendor,
            index: gpu.index,
            name: gpu.name,
            temperatureC: gpu.temperatureC,
            utilizationPct: gpu.utilizationPct,
            powerDrawW: gpu.powerDrawW,
            fanPct: gpu.fanPct,
            warn: t.gpuTemperatureC.warn,
            critical: t.gpuTemperatureC.critical,
          },
        );
      }
    }
  }

  if (parts.nix.status === 'ok' && parts.nix.data.storeBytes !== null) {
    const size = Math.round((parts.nix.data.storeBytes / 2 ** 30) * 10) / 10;
    const big = level(size, t.nixStoreGiB.warn, t.nixStoreGiB.critical);
    if (big) {
      add(
        'nix-store-size',
        '/nix/store',
        big,
        `the Nix store on ${host} holds ${size} GiB (last GC: ${parts.nix.data.lastGc ?? 'unknown'})`,
        {
          storeGiB: size,
          lastGc: parts.nix.data.lastGc,
          warn: t.nixStoreGiB.warn,
          critical: t.nixStoreGiB.critical,
        },
      );
    }
  }

  return findings;
}

/** What each part reads, as the `part-failed` finding names it. */
const PART_SUBJECTS: Record<PartName, string> = {
  os: 'the OS release',
  cpu: 'the CPU counters',
  memory: 'the memory counters',
  filesystems: 'the filesystems',
  network: 'the network counters',
  uptime: 'the uptime',
  processes: 'the process list',
  systemd: "systemd's unit list",
  journal: 'the journal',
  gpus: 'the GPUs',
  nix: 'the Nix store',
};

/** Severity of a figure against warn/critical thresholds; undefined below warn. */
function level(value: number, warn: number, critical: number): Severity | undefined {
  if (value >= critical) return 'critical';
  if (value >= warn) return 'warning';
  return undefined;
}

function gib(bytes: number): number {
  return Math.round((bytes / 2 ** 30) * 10) / 10;
}

const ORDER: Record<Severity, number> = { critical: 0, warning: 1, info: 2 };

/** Most severe first, then by host, rule and subject: the same findings always print in the same order. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) =>
      ORDER[a.severity] - ORDER[b.severity] ||
      a.host.localeCompare(b.host) ||
      a.rule.localeCompare(b.rule) ||
      a.subject.localeCompare(b.subject),
  );
}
