/**
 * Nix build sources, checked on the host where the build runs, just before it runs. The flake
 * directory is resolved (a link to a home directory is judged as the home directory), must still
 * be a trusted source, and neither it, nor any directory above it, nor any file in it may belong
 * to anyone but root or the user we run as, or be writable by its group or others: otherwise
 * another user could change the code Nix evaluates, builds and activates as root, between this
 * check and the build. The build then uses the resolved directory.
 */
import { type ArgPosition, replaceAt } from '../policy/arg-position.js';
import { type HostCommandOptions, describeType, resolveAndStat, runCheck, swapProblem } from './host-paths.js';
import type { GuardOutcome } from './read-guard.js';

export interface BuildSourceOperand {
  /** The flake directory, normalised. */
  readonly dir: string;
  /** `#attr` and anything after the directory in the argument, kept as written. */
  readonly suffix: string;
  /** Absent for an implicit source (nixos-rebuild without --flake reads /etc/nixos). */
  readonly at?: ArgPosition;
}

export interface BuildSourceGuardOptions extends HostCommandOptions {
  readonly argv: readonly string[];
  readonly sources: readonly BuildSourceOperand[];
  recheck(resolved: string): string | undefined;
}

export async function guardBuildSources(options: BuildSourceGuardOptions): Promise<GuardOutcome> {
  const refuse = (message: string): GuardOutcome => ({ ok: false, code: 'BUILD_SOURCE_REFUSED', message });
  if (options.sources.length === 0) return { ok: true, argv: [...options.argv] };
  const checked = await resolveAndStat(
    options,
    options.sources.map((s) => s.dir),
    (given, dir) => {
      const problem = options.recheck(dir);
      return problem && `${given} resolves to ${dir} on ${options.host}, which is not built from: ${problem}`;
    },
  );
  if ('problem' in checked) return refuse(checked.problem);
  for (const dir of checked.resolved) {
    const stat = checked.stats.get(dir)!;
    if (stat.type !== 'dir')
      return refuse(`the flake ${dir} on ${options.host} is ${describeType(stat.type)}, not a directory`);
    if (!checked.trusted.includes(stat.uid))
      return refuse(`${dir} on ${options.host} belongs to uid ${stat.uid}, not root or the user the build runs as`);
    const swap = swapProblem(dir, checked.stats, checked.trusted);
    if (swap) return refuse(`${dir} on ${options.host} is not built from: ${swap}`);
    if (stat.mode & 0o022)
      return refuse(
        `${dir} on ${options.host} is writable by its group or others (mode ${stat.mode.toString(8)}): they could change what is built`,
      );
    const loose = await looseFile(options, dir, checked.trusted);
    if (loose) return refuse(`${dir} on ${options.host} is not built from: ${loose}`);
  }
  const replacements = options.sources.flatMap((s, i) =>
    s.at ? [{ at: s.at, value: `${checked.resolved[i]}${s.suffix}` }] : [],
  );
  return { ok: true, argv: replaceAt(options.argv, replacements) };
}

/** The first file under `dir` that another user owns or could write, found by one `find`. */
async function looseFile(
  options: HostCommandOptions,
  dir: string,
  trusted: readonly number[],
): Promise<string | undefined> {
  // Symlinks always show mode 777; their owner still counts.
  const foreignOwner = ['(', ...trusted.flatMap((uid) => ['!', '-uid', String(uid)]), ')'];
  const argv = [
    'find',
    dir,
    '-xdev',
    '(',
    '(',
    '!',
    '-type',
    'l',
    '-perm',
    '/022',
    ')',
    '-o',
    ...foreignOwner,
    ')',
    '-print',
    '-quit',
  ];
  const { result } = await runCheck(options, argv, { timeoutMs: 120_000, maxOutputBytes: 64 * 1024 });
  const first = result.stdout.split('\n')[0]?.trim();
  if (result.exitCode !== 0)
    return `its files could not all be checked (find exited ${result.exitCode}: ${result.stderr.trim().split('\n')[0] ?? ''})`;
  return first ? `${first} belongs to another user or is writable by its group or others` : undefined;
}
