/**
 * Failed systemd units. One command serves every systemd version: newer ones print JSON for
 * `--output=json`, older ones ignore it for list-units and print the table, which is read too.
 * A host without systemd (a container, Alpine with OpenRC) is reported as such, not as an error.
 */
import type { SystemdInfo } from '@ai-sysadmin/core';
import { PartUnavailableError } from '../../errors/part-unavailable-error.js';
import { failedUnits, parseSystemctlUnits } from '../parsers/systemctl-units.js';
import type { PartOutcome } from '../run-part.js';
import { type PartContext, failIfUnsuccessful, notInstalled, within } from './part-context.js';

export const SYSTEMCTL_FAILED_ARGV = [
  'systemctl',
  'list-units',
  '--failed',
  '--output=json',
  '--no-pager',
  '--plain',
  '--no-legend',
  '--full',
] as const;

/** What systemctl says when systemd is not PID 1 or its bus is not there. */
const NO_SYSTEMD = /not been booted with systemd|Failed to connect to bus|Host is down|System has not been booted/i;

export async function collectSystemd({ access, run }: PartContext): Promise<PartOutcome<SystemdInfo>> {
  const result = await access.run(SYSTEMCTL_FAILED_ARGV, within(run));
  if (notInstalled(result)) {
    throw new PartUnavailableError(
      'absent',
      `systemd is not installed on ${access.host} (no systemctl): failed units cannot be listed`,
    );
  }
  if (result.exitCode !== 0 && NO_SYSTEMD.test(result.stderr)) {
    throw new PartUnavailableError(
      'absent',
      `systemd is not running on ${access.host} (PID 1 is another program, as in most containers): failed units cannot be listed`,
    );
  }
  failIfUnsuccessful(result, 'systemctl list-units --failed', access.host);
  const { units, format } = parseSystemctlUnits(result.stdout);
  return { data: { failedUnits: failedUnits(units), format } };
}
