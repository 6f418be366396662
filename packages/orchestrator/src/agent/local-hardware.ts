/**
 * This machine's static hardware inventory, from systeminformation: system, CPU model, memory
 * layout, disks and graphics. Loaded on first use only (it is slow to start and never needed on
 * the check path), and asked once per daemon.
 */
import { errorMessage } from '@ai-sysadmin/core';

export async function localHardwareInventory(): Promise<string> {
  let si: typeof import('systeminformation');
  try {
    si = await import('systeminformation');
  } catch (error) {
    return `the hardware inventory is not available: ${errorMessage(error)}`;
  }
  const [system, cpu, layout, disks, graphics] = await Promise.all([
    si.system().catch(() => undefined),
    si.cpu().catch(() => undefined),
    si.memLayout().catch(() => []),
    si.diskLayout().catch(() => []),
    si.graphics().catch(() => undefined),
  ]);
  const GiB = 1024 ** 3;
  const lines = [
    `system: ${[system?.manufacturer, system?.model].filter(Boolean).join(' ') || 'unknown'}${system?.virtual ? ' (virtual)' : ''}`,
    cpu
      ? `cpu: ${cpu.manufacturer} ${cpu.brand}, ${cpu.physicalCores} cores / ${cpu.cores} threads, ${cpu.speedMax || cpu.speed} GHz`
      : 'cpu: unknown',
    `memory: ${layout.length ? layout.map((m) => `${(m.size / GiB).toFixed(0)} GiB ${m.type || ''}`.trim()).join(', ') : 'layout unknown'}`,
    `disks: ${disks.length ? disks.map((d) => `${d.name || d.device} ${(d.size / 1e9).toFixed(0)} GB ${d.type}`.trim()).join(', ') : 'none found'}`,
    `graphics: ${graphics?.controllers.length ? graphics.controllers.map((c) => `${c.vendor} ${c.model}${c.vram ? ` ${c.vram} MiB` : ''}`).join(', ') : 'none found'}`,
  ];
  return lines.join('\n');
}
