/** Network interfaces: link state and the kernel's byte, error and drop counters since boot. */
import type { NetworkInterface } from '@ai-sysadmin/core';
import { PartUnavailableError } from '../../errors/part-unavailable-error.js';
import { parseNetDev } from '../parsers/proc-files.js';
import type { PartOutcome } from '../run-part.js';
import type { PartContext } from './part-context.js';
import { operstatePath } from './proc-sample.js';

export async function collectNetwork({ access, readings }: PartContext): Promise<PartOutcome<NetworkInterface[]>> {
  const sample = await readings.sample();
  const text = sample.first.get('/proc/net/dev');
  if (text === undefined)
    throw new PartUnavailableError('failed', `${access.host} has no readable /proc/net/dev (not Linux?)`);
  return {
    data: parseNetDev(text).map((c) => ({ ...c, state: sample.second.get(operstatePath(c.name))?.trim() || null })),
  };
}
