/**
 * The readable form of a check: per host its status, the key figures, what could not be seen
 * and why, and its findings by severity; then the result and what it means for the exit status.
 */
import type { CheckReport, Finding, HostSnapshot, Part, Severity } from '@ai-sysadmin/core';
import { EXIT } from './exit-codes.js';

/**
 * The exit status of a check: 2 for any critical finding (a host down is one), else 3 when a
 * host was reached but could not be checked, else 1 for warnings, else 0.
 */
export function checkExitCode(report: CheckReport): number {
  if (report.findings.some((f) => f.severity === 'critical')) return EXIT.critical;
  if (report.hosts.some(checkFailed)) return EXIT.checkFailed;
  if (report.findings.some((f) => f.severity === 'warning')) return EXIT.warnings;
  return EXIT.ok;
}

/** The parts without which a host has not been checked at all. */
const CORE_PARTS = ['os', 'cpu', 'memory', 'filesystems', 'processes'] as const;

/** Up, yet none of the core parts could be read (they failed or ran out of time). */
export function checkFailed(snapshot: HostSnapshot): boolean {
  if (snapshot.status !== 'up') return false;
  return CORE_PARTS.every((name) => {
    const part = snapshot.parts[name];
    return part.status === 'unavailable' && part.cause !== 'absent';
  });
}

export function renderCheckReport(report: CheckReport, llmLine?: string): string {
  const out: string[] = [];
  const hosts = report.hosts.length;
  out.push(
    `Health check at ${report.checkedAt} of ${hosts} host${hosts === 1 ? '' : 's'} (${seconds(report.durationMs)})`,
  );
  for (const snapshot of report.hosts) {
    out.push(
      '',
      ...renderHost(
        snapshot,
        report.findings.filter((f) => f.host === snapshot.host),
      ),
    );
  }
  out.push('');
  for (const note of report.notes) out.push(`Note: ${note}`);
  out.push(resultLine(report));
  if (llmLine) out.push(llmLine);
  return `${out.join('\n')}\n`;
}

function renderHost(s: HostSnapshot, findings: Finding[]): string[] {
  if (s.status === 'down') {
    const lines = [`${s.host} (${s.address}): DOWN — ${s.down!.reason}`];
    if (s.down!.hint) lines.push(`  -> ${s.down!.hint}`);
    return [...lines, ...renderFindings(findings)];
  }
  const p = s.parts;
  const os =
    p.os.status === 'ok'
      ? `${p.os.data.name}${p.os.data.version ? ` ${p.os.data.version}` : ''} (${p.os.data.family})`
      : 'OS unknown';
  const kernel = p.os.status === 'ok' && p.os.data.kernel ? `, kernel ${p.os.data.kernel}` : '';
  const up = p.uptime.status === 'ok' ? `, up ${duration(p.uptime.data.seconds)}` : '';
  const lines = [`${s.host} (${s.address}): up — ${os}${kernel}${up}`];
  const row = (label: string, text: string | undefined) => {
    if (text !== undefined) lines.push(`  ${label.padEnd(10)}${text}`);
  };

  row(
    'CPU',
    ok(p.cpu, (c) => {
      const usage = c.usagePct === null ? '' : `, ${c.usagePct}% busy`;
      return `${c.cores} cores${usage}, load ${c.loadAverage.one} ${c.loadAverage.five} ${c.loadAverage.fifteen}`;
    }),
  );
  row(
    'Memory',
    ok(p.memory, (m) => {
      const swap = m.swapTotalBytes === 0 ? 'no swap' : `swap ${gib(m.swapUsedBytes)} of ${gib(m.swapTotalBytes)} GiB`;
      return `${gib(m.totalBytes - m.availableBytes)} of ${gib(m.totalBytes)} GiB used (${m.usedPct}%), ${swap}`;
    }),
  );
  row(
    'Disks',
    ok(p.filesystems, (fss) =>
      fss.length === 0
        ? 'no local filesystem listed'
        : fss
            .map(
              (f) =>
                `${f.mount} ${f.usedPct}%${f.inodesUsedPct !== null && f.inodesUsedPct >= 50 ? ` (inodes ${f.inodesUsedPct}%)` : ''}`,
            )
            .join(', '),
    ),
  );
  row(
    'Network',
    ok(
      p.network,
      (ifs) =>
        ifs
          .filter((i) => i.name !== 'lo')
          .map((i) => {
            const errors = i.rxErrors + i.txErrors;
            return `${i.name} ${i.state ?? '?'}${errors ? ` (${errors} errors)` : ''}`;
          })
          .join(', ') || 'loopback only',
    ),
  );
  row(
    'GPUs',
    ok(p.gpus, (g) =>
      g.gpus.length === 0
        ? 'none'
        : g.gpus
            .map(
              (x) =>
                `${x.index}: ${x.name} ${x.temperatureC ?? '?'} °C, ${x.utilizationPct ?? '?'}% busy, ${x.memoryUsedMiB ?? '?'}/${x.memoryTotalMiB ?? '?'} MiB`,
            )
            .join('; '),
    ),
  );
  row(
    'Units',
    ok(p.systemd, (u) =>
      u.failedUnits.length
        ? `${u.failedUnits.length} failed: ${u.failedUnits.map((x) => x.unit).join(', ')}`
        : 'no failed units',
    ),
  );
  row(
    'Journal',
    ok(p.journal, (j) => `${j.truncated ? 'at least ' : ''}${j.errorCount} errors in ${j.window}`),
  );
  row(
    'Nix',
    ok(p.nix, (n) => {
      const size = n.storeBytes === null ? 'store size unknown' : `store ${gib(n.storeBytes)} GiB`;
      const nixos = n.nixosVersion
        ? `, NixOS ${n.nixosVersion}${n.generation !== null ? ` generation ${n.generation}` : ''}`
        : '';
      return `${size}${n.lastGc ? `, last GC ${n.lastGc}` : ''}${nixos}`;
    }),
  );
  row(
    'Top CPU',
    ok(p.processes, (ps) =>
      ps.topCpu
        .slice(0, 3)
        .map((x) => `${x.name} ${x.cpuPct}%`)
        .join(', '),
    ),
  );

  const unavailable = Object.entries(p).filter(([, part]) => part.status === 'unavailable') as Array<
    [string, Extract<Part<unknown>, { status: 'unavailable' }>]
  >;
  if (unavailable.length) {
    lines.push('  Not available:');
    for (const [name, part] of unavailable) lines.push(`    ${name.padEnd(13)}${part.reason}`);
  }
  const notes = Object.entries(p).flatMap(([name, part]) =>
    part.status === 'ok' ? part.notes.map((n) => `${name}: ${n}`) : [],
  );
  if (notes.length) {
    lines.push('  Notes:');
    for (const note of notes) lines.push(`    ${note}`);
  }
  return [...lines, ...renderFindings(findings)];
}

const SEVERITY_ORDER: Severity[] = ['critical', 'warning', 'info'];

function renderFindings(findings: Finding[]): string[] {
  if (findings.length === 0) return ['  Findings: none'];
  const lines = ['  Findings:'];
  for (const severity of SEVERITY_ORDER) {
    for (const f of findings.filter((x) => x.severity === severity))
      lines.push(`    ${severity.toUpperCase().padEnd(9)}${f.summary}  [${f.fingerprint}]`);
  }
  return lines;
}

function resultLine(report: CheckReport): string {
  const count = (severity: Severity) => report.findings.filter((f) => f.severity === severity).length;
  const critical = count('critical');
  const warnings = count('warning');
  const failed = report.hosts.filter(checkFailed).map((h) => h.host);
  const parts = [
    critical ? `${critical} critical` : '',
    warnings ? `${warnings} warning${warnings === 1 ? '' : 's'}` : '',
    failed.length ? `could not check ${failed.join(', ')}` : '',
  ].filter(Boolean);
  const code = checkExitCode(report);
  return `Result: ${parts.length ? parts.join(', ') : 'healthy'} (exit ${code}).`;
}

function ok<T>(part: Part<T>, render: (data: T) => string): string | undefined {
  return part.status === 'ok' ? render(part.data) : undefined;
}

function gib(bytes: number): string {
  return (bytes / 2 ** 30).toFixed(1);
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

function duration(totalSeconds: number): string {
  const days = Math.floor(totalSeconds / 86400);
  const hours = Math.floor((totalSeconds % 86400) / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  if (days) return `${days} d ${hours} h`;
  if (hours) return `${hours} h ${minutes} min`;
  return `${minutes} min`;
}
