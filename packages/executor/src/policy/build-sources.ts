/**
 * Where Nix may build, evaluate and activate from: an allow-list of trusted sources. A NixOS
 * dry-activation or switch runs the built system's activation code as root, and a build runs the
 * flake's code, so a flake is taken only from configRepo, /etc/nixos, the executor's own change
 * worktrees and what the site lists (`policy.trustedBuildSources`); never from a user's home or a
 * world-writable directory, even when listed. When it runs, the directory, every parent and every
 * file in it must belong to root or the daemon's user and be writable by nobody else
 * (`execution/build-source-guard.ts`): otherwise another user could change the code between the
 * check and the build.
 */
import { UNTRUSTED_BUILD_ROOTS } from '@ai-sysadmin/core';
import { isUnder, normalisePath } from './normalise.js';

export interface BuildSourceSettings {
  readonly configRepo?: string;
  /** Config `policy.trustedBuildSources`. */
  readonly trustedBuildSources?: readonly string[];
  /** The executor's own worktrees live under `<stateDir>/nixos-changes`. */
  readonly stateDir?: string;
}

/** Where `nixos-rebuild` reads the configuration when no --flake is given. */
export const DEFAULT_NIXOS_CONFIG_DIR = '/etc/nixos';

export function trustedBuildSources(settings: BuildSourceSettings): string[] {
  return [
    DEFAULT_NIXOS_CONFIG_DIR,
    ...(settings.configRepo ? [settings.configRepo] : []),
    ...(settings.stateDir ? [`${settings.stateDir}/nixos-changes`] : []),
    ...(settings.trustedBuildSources ?? []),
  ]
    .map((p) => normalisePath(p))
    .filter((p): p is string => p !== undefined);
}

/**
 * Why Nix may not build from this normalised flake directory, or undefined when it may.
 * configRepo and the change worktrees are the site's own choice and are judged by who owns them
 * when the build runs; any other directory under a home or a world-writable place is refused here.
 */
export function buildSourceProblem(dir: string, settings: BuildSourceSettings): string | undefined {
  const configured = [settings.configRepo, settings.stateDir && `${settings.stateDir}/nixos-changes`]
    .map((p) => (p ? normalisePath(p) : undefined))
    .filter((p): p is string => p !== undefined);
  if (configured.some((s) => isUnder(dir, s))) return undefined;
  const untrusted = UNTRUSTED_BUILD_ROOTS.find((root) => isUnder(dir, root));
  if (untrusted) {
    return `${dir} is under ${untrusted}, ${untrusted.includes('home') || untrusted === '/Users' ? "a user's home" : 'a directory anyone can write to'}: whoever can write there would run code as root through the build or its activation`;
  }
  const sources = trustedBuildSources(settings);
  if (sources.some((s) => isUnder(dir, s))) return undefined;
  return `${dir} is not a trusted build source (${sources.join(', ')}); Nix builds and activates only configRepo, /etc/nixos and the directories in policy.trustedBuildSources`;
}
