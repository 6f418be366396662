/** Seconds since boot. */
import { PartUnavailableError } from '../../errors/part-unavailable-error.js';
import { parseUptime } from '../parsers/proc-files.js';
import type { PartOutcome } from '../run-part.js';
import type { PartContext } from './part-context.js';

export async function collectUptime({ access, readings }: PartContext): Promise<PartOutcome<{ seconds: number }>> {
  const text = (await readings.first).get('/proc/uptime');
  if (text === undefined)
    throw new PartUnavailableError('failed', `${access.host} has no readable /proc/uptime (not Linux?)`);
  return { data: { seconds: parseUptime(text) } };
}
