/** Which OS the host runs (os-release, or sw_vers on macOS), its kernel and host name. */
import type { OsInfo } from '@ai-sysadmin/core';
import { PartUnavailableError } from '../../errors/part-unavailable-error.js';
import { type OsRelease, parseOsRelease, parseSwVers } from '../parsers/os-release.js';
import type { PartOutcome } from '../run-part.js';
import { type PartContext, notInstalled, within } from './part-context.js';
import { OS_RELEASE_FILES } from './proc-sample.js';

export async function collectOs({ access, run, readings }: PartContext): Promise<PartOutcome<OsInfo>> {
  const files = await readings.first;
  const osReleaseText = OS_RELEASE_FILES.map((f) => files.get(f)).find((t) => t !== undefined);
  let release: OsRelease;
  let kernel = files.get('/proc/sys/kernel/osrelease')?.trim() || null;
  let hostname = files.get('/proc/sys/kernel/hostname')?.trim() || null;
  if (osReleaseText !== undefined) {
    release = parseOsRelease(osReleaseText);
  } else {
    const swVers = await access.run(['sw_vers'], within(run));
    if (swVers.exitCode !== 0 || notInstalled(swVers)) {
      throw new PartUnavailableError(
        'failed',
        `${access.host} has no /etc/os-release and no sw_vers: its OS is unknown`,
      );
    }
    release = parseSwVers(swVers.stdout);
    // No /proc here: POSIX uname prints its fields in a fixed order, node name then release.
    const uname = await access.run(['uname', '-n', '-r'], within(run));
    if (uname.exitCode === 0) [hostname = null, kernel = null] = uname.stdout.trim().split(/\s+/);
  }
  return { data: { ...release, kernel, hostname } };
}
