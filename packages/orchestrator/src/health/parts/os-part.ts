/** Which OS the host runs (os-release, or sw_vers on macOS), its kernel and host name. */
import type { OsInfo } from '@ai-sysadmin/core';
import { PartUnavailableError } from '../../errors/part-unavailable-error.js';
import { parseOsRelease, parseSwVers, type OsRelease } from '../parsers/os-release.js';
import type { PartOutcome } from '../run-part.js';
import { type PartContext, notInstalled, within } from './part-context.js';

const OS_RELEASE_FILES = ['/etc/os-release', '/usr/lib/os-release'];

export async function collectOs({ access, run }: PartContext): Promise<PartOutcome<OsInfo>> {
  const [files, uname] = await Promise.all([
    access.readFiles(OS_RELEASE_FILES, within(run)),
    // POSIX uname prints its fields in a fixed order: node name, then release.
    access.run(['uname', '-n', '-r'], within(run)),
  ]);
  const osReleaseText = OS_RELEASE_FILES.map((f) => files.get(f)).find((t) => t !== undefined);
  let release: OsRelease;
  if (osReleaseText !== undefined) {
    release = parseOsRelease(osReleaseText);
  } else {
    const swVers = await access.run(['sw_vers'], within(run));
    if (swVers.exitCode !== 0 || notInstalled(swVers)) {
      throw new PartUnavailableError('failed', `${access.host} has no /etc/os-release and no sw_vers: its OS is unknown`);
    }
    release = parseSwVers(swVers.stdout);
  }
  const [hostname, kernel] = uname.exitCode === 0 ? uname.stdout.trim().split(/\s+/) : [];
  return { data: { ...release, kernel: kernel ?? null, hostname: hostname ?? null } };
}
