/**
 * The systems the assistant manages: the list (names are the only hosts a tool may name), and a
 * host's hardware: this machine's static inventory from systeminformation (loaded on first use,
 * never on the check path), a managed host's from the systems registry and its snapshot.
 */
import { z } from 'zod';
import { LOCAL_HOST } from '@ai-sysadmin/core';
import { type AgentTool, defineTool } from './agent-tool.js';
import { hostArgument } from './host-argument.js';

export const listManagedSystems = defineTool({
  name: 'list_managed_systems',
  description:
    'Every system you may act on: "local" (this machine) and the managed hosts, with their OS, role, services and whether they are up. Only these names are valid as host.',
  schema: z.strictObject({}),
  readOnly: true,
  run: async (_args, context) => {
    const systems = context.systems.list().filter((s) => s.kind !== 'candidate');
    const lines = systems.map(
      (s) =>
        `${s.name} (${s.kind}${s.address ? `, ${s.address}` : ''}): ${s.status}, os ${s.os ?? 'unknown'}${s.role ? `, role ${s.role}` : ''}${s.services.length ? `, services ${s.services.join(' ')}` : ''}${s.lastSeen ? `, last seen ${s.lastSeen}` : ''}`,
    );
    if (!systems.some((s) => s.name === LOCAL_HOST)) lines.unshift(`${LOCAL_HOST} (this machine)`);
    return { ok: true, summary: `${lines.length} system(s)`, facts: lines.join('\n') };
  },
});

export const getHardwareInfo = defineTool({
  name: 'get_hardware_info',
  description: 'The hardware of a host: system model, CPU model and cores, memory, disks, graphics cards.',
  schema: z.strictObject({ host: hostArgument }),
  readOnly: true,
  run: async ({ host }, context) => {
    if (host === LOCAL_HOST) {
      const inventory = await context.localHardware();
      return { ok: true, summary: 'hardware of local', facts: inventory };
    }
    const entry = context.systems.list().find((s) => s.name === host);
    const snapshot = await context.snapshot(host);
    const lines = [`hardware of ${host}: ${entry?.hardware ?? 'not recorded in the systems registry'}`];
    if (snapshot.status === 'up') {
      const { os, cpu, memory, gpus } = snapshot.parts;
      if (os.status === 'ok')
        lines.push(`os: ${os.data.name} ${os.data.version ?? ''}, kernel ${os.data.kernel ?? '?'}`);
      if (cpu.status === 'ok') lines.push(`cpu: ${cpu.data.cores} cores`);
      if (memory.status === 'ok') lines.push(`memory: ${(memory.data.totalBytes / 1024 ** 3).toFixed(1)} GiB`);
      if (gpus.status === 'ok' && gpus.data.gpus.length)
        lines.push(
          `gpus: ${gpus.data.gpus.map((g) => `${g.vendor} ${g.name}${g.memoryTotalMiB ? ` ${g.memoryTotalMiB} MiB` : ''}`).join(', ')}`,
        );
    } else lines.push(`the host is down now: ${snapshot.down?.reason ?? 'unknown'}`);
    return { ok: true, summary: `hardware of ${host}`, facts: lines.join('\n') };
  },
});

export const SYSTEMS_TOOLS: readonly AgentTool[] = [listManagedSystems, getHardwareInfo];
