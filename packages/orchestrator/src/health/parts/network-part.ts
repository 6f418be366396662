/** Network interfaces: link state and the kernel's byte, error and drop counters since boot. */
import type { NetworkInterface } from '@ai-sysadmin/core';
import { PartUnavailableError } from '../../errors/part-unavailable-error.js';
import { parseNetDev } from '../parsers/proc-files.js';
import type { PartOutcome } from '../run-part.js';
import { type PartContext, within } from './part-context.js';

export async function collectNetwork({ access, run, procSample }: PartContext): Promise<PartOutcome<NetworkInterface[]>> {
  const text = (await procSample()).first.get('/proc/net/dev');
  if (text === undefined) throw new PartUnavailableError('failed', `${access.host} has no readable /proc/net/dev (not Linux?)`);
  const counters = parseNetDev(text);
  const statePaths = counters.map((c) => `/sys/class/net/${c.name}/operstate`);
  const states = statePaths.length ? await access.readFiles(statePaths, within(run)) : new Map<string, string>();
  return {
    data: counters.map((c, i) => ({ ...c, state: states.get(statePaths[i]!)?.trim() || null })),
  };
}
