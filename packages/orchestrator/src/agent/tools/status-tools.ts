/**
 * What the health collection already knows, asked of one host: its status in figures, its failed
 * units, its disks and its GPUs. Each reads the run's one snapshot of that host (collectSnapshot,
 * the same parsers as the background check), so asking twice costs nothing and nothing new is
 * parsed here.
 */
import { z } from 'zod';
import type { HostSnapshot, Part } from '@ai-sysadmin/core';
import { type AgentTool, type ToolOutput, defineTool } from './agent-tool.js';
import { hostArgument } from './host-argument.js';
import type { ToolContext } from './tool-context.js';

const hostOnly = z.strictObject({ host: hostArgument });

const GiB = 1024 ** 3;
const gib = (bytes: number) => `${(bytes / GiB).toFixed(1)} GiB`;
const pct = (value: number | null | undefined) =>
  value === null || value === undefined ? '?' : `${value.toFixed(0)}%`;

function partLine<T>(name: string, part: Part<T>, line: (data: T) => string): string {
  return part.status === 'ok' ? `${name}: ${line(part.data)}` : `${name}: unavailable (${part.reason})`;
}

/** A down host answers with why, and with nothing else. */
async function withSnapshot(
  context: ToolContext,
  host: string,
  render: (snapshot: HostSnapshot) => Omit<ToolOutput, 'ok'> & { ok?: boolean },
): Promise<ToolOutput> {
  const snapshot = await context.snapshot(host);
  if (snapshot.status === 'down') {
    const down = snapshot.down!;
    return {
      ok: false,
      summary: `${host} is down: ${down.reason}`,
      facts: `host ${host} (${snapshot.address}) is down (${down.code}): ${down.reason}${down.hint ? `\nhint: ${down.hint}` : ''}`,
    };
  }
  const rendered = render(snapshot);
  return { ok: rendered.ok ?? true, ...rendered };
}

export const getSystemStatus = defineTool({
  name: 'get_system_status',
  description:
    'Overview of one host right now: OS, uptime, CPU load, memory, the fullest disks, failed services, journal error count, GPUs, Nix store. Start here when asked how a host is doing.',
  schema: hostOnly,
  readOnly: true,
  run: ({ host }, context) =>
    withSnapshot(context, host, (s) => {
      const p = s.parts;
      const lines = [
        `host ${host} (${s.address}), collected ${s.collectedAt}`,
        partLine('os', p.os, (d) => `${d.name} ${d.version ?? ''} kernel ${d.kernel ?? '?'}`.replace(/\s+/g, ' ')),
        partLine('uptime', p.uptime, (d) => `${(d.seconds / 3600).toFixed(1)} h`),
        partLine(
          'cpu',
          p.cpu,
          (d) =>
            `${d.cores} cores, ${pct(d.usagePct)} busy, load ${d.loadAverage.one}/${d.loadAverage.five}/${d.loadAverage.fifteen}`,
        ),
        partLine(
          'memory',
          p.memory,
          (d) =>
            `${pct(d.usedPct)} used of ${gib(d.totalBytes)}, swap ${d.swapTotalBytes ? `${pct(d.swapUsedPct)} of ${gib(d.swapTotalBytes)}` : 'none'}`,
        ),
        partLine('disks', p.filesystems, (d) =>
          [...d]
            .sort((a, b) => b.usedPct - a.usedPct)
            .slice(0, 4)
            .map((f) => `${f.mount} ${pct(f.usedPct)}`)
            .join(', '),
        ),
        partLine('failed units', p.systemd, (d) =>
          d.failedUnits.length ? d.failedUnits.map((u) => u.unit).join(', ') : 'none',
        ),
        partLine('journal', p.journal, (d) => `${d.errorCount} errors ${d.window}`),
        partLine('gpus', p.gpus, (d) =>
          d.gpus.length
            ? d.gpus.map((g) => `${g.name} ${g.temperatureC ?? '?'}°C ${pct(g.utilizationPct)}`).join(', ')
            : 'none',
        ),
        partLine(
          'nix',
          p.nix,
          (d) =>
            [
              d.nixosVersion ? `NixOS ${d.nixosVersion}` : null,
              d.generation !== null ? `generation ${d.generation}` : null,
              d.storeBytes !== null ? `store ${gib(d.storeBytes)}` : null,
            ]
              .filter(Boolean)
              .join(', ') || 'not a Nix host',
        ),
      ];
      return { summary: `status of ${host}`, facts: lines.join('\n') };
    }),
});

export const listFailedServices = defineTool({
  name: 'list_failed_services',
  description:
    'The systemd units that are failed on a host, with their descriptions. Use check_service next for one of them.',
  schema: hostOnly,
  readOnly: true,
  run: ({ host }, context) =>
    withSnapshot(context, host, (s) => {
      const part = s.parts.systemd;
      if (part.status !== 'ok')
        return { ok: false, summary: `systemd unavailable on ${host}`, facts: `systemd on ${host}: ${part.reason}` };
      const units = part.data.failedUnits;
      return {
        summary: `${units.length} failed unit(s) on ${host}`,
        facts: units.length ? `${units.length} failed unit(s) on ${host}:` : `no failed units on ${host}`,
        ...(units.length
          ? {
              data: [
                {
                  text: units.map((u) => `${u.unit} ${u.load} ${u.active} ${u.sub} ${u.description}`).join('\n'),
                  label: { source: 'systemctl --failed', host },
                },
              ],
            }
          : {}),
      };
    }),
});

export const checkDiskUsage = defineTool({
  name: 'check_disk_usage',
  description: 'Every mounted filesystem of a host with size, used, free and inodes, fullest first.',
  schema: hostOnly,
  readOnly: true,
  run: ({ host }, context) =>
    withSnapshot(context, host, (s) => {
      const part = s.parts.filesystems;
      if (part.status !== 'ok')
        return { ok: false, summary: `disks unavailable on ${host}`, facts: `filesystems on ${host}: ${part.reason}` };
      const rows = [...part.data].sort((a, b) => b.usedPct - a.usedPct);
      const full = rows.filter((f) => f.usedPct >= context.config.thresholds.disk.warnPct).map((f) => f.mount);
      return {
        summary: `${rows.length} filesystems on ${host}${full.length ? `, full: ${full.join(', ')}` : ''}`,
        facts: [
          `filesystems on ${host}, fullest first (warning at ${context.config.thresholds.disk.warnPct}%):`,
          ...rows.map(
            (f) =>
              `${f.mount} (${f.device}${f.type ? `, ${f.type}` : ''}): ${pct(f.usedPct)} used, ${gib(f.usedBytes)} of ${gib(f.sizeBytes)}, ${gib(f.availableBytes)} free, inodes ${pct(f.inodesUsedPct)}`,
          ),
        ].join('\n'),
      };
    }),
});

export const getGpuMetrics = defineTool({
  name: 'get_gpu_metrics',
  description:
    'Temperature, utilization, memory, power and fan of every GPU of a host (nvidia-smi, rocm-smi or sysfs).',
  schema: hostOnly,
  readOnly: true,
  run: ({ host }, context) =>
    withSnapshot(context, host, (s) => {
      const part = s.parts.gpus;
      if (part.status !== 'ok')
        return { ok: false, summary: `GPUs unavailable on ${host}`, facts: `GPUs on ${host}: ${part.reason}` };
      const { gpus, sources } = part.data;
      if (gpus.length === 0)
        return {
          summary: `no GPU on ${host}`,
          facts: `no GPU found on ${host}${part.notes.length ? ` (${part.notes.join('; ')})` : ''}`,
        };
      const n = (v: number | null, unit: string) => (v === null ? '?' : `${v}${unit}`);
      return {
        summary: `${gpus.length} GPU(s) on ${host}`,
        facts: [
          `GPUs on ${host} (from ${sources.join(', ')}), GPU temperature warning at ${context.config.thresholds.gpuTemperatureC.warn}°C:`,
          ...gpus.map(
            (g) =>
              `#${g.index} ${g.vendor} ${g.name}: ${n(g.temperatureC, '°C')}, ${n(g.utilizationPct, '%')} busy, memory ${n(g.memoryUsedMiB, '')}/${n(g.memoryTotalMiB, ' MiB')}, power ${n(g.powerDrawW, '')}/${n(g.powerLimitW, ' W')}, fan ${n(g.fanPct, '%')}`,
          ),
        ].join('\n'),
      };
    }),
});

export const STATUS_TOOLS: readonly AgentTool[] = [getSystemStatus, listFailedServices, checkDiskUsage, getGpuMetrics];
