/**
 * File reads, checked on the host just before they happen, on the object that is read. Every
 * path is resolved there; the resolved path must still be in a readable place and not a secret
 * (a link cannot lead out of the allow-list); it must be a regular file for a content read (a
 * directory too for a listing): never a device, a FIFO or a socket; and nobody but root or the
 * user we run as may be able to swap anything on the way to it (`host-paths.ts`). The command
 * then reads the resolved path, not the one it was given.
 *
 * /proc and /sys hold only what the kernel puts there, and their named entries are checked as
 * written (a resolved /proc/self/... would name the checking process, not the reader).
 */
import type { FileAccess } from '../policy/readable-places.js';
import { isPseudoFsPath } from '../policy/readable-places.js';
import { type ArgPosition, replaceAt } from '../policy/arg-position.js';
import {
  type HostCommandOptions,
  ancestorsOf,
  describeType,
  resolvePaths,
  statPaths,
  swapProblem,
} from './host-paths.js';

export interface FileOperand {
  /** Normalised, as the policy saw it. */
  readonly path: string;
  readonly access: FileAccess;
  readonly at: ArgPosition;
}

export type GuardOutcome =
  | { readonly ok: true; readonly argv: string[] }
  | { readonly ok: false; readonly code: string; readonly message: string };

export interface ReadGuardOptions extends HostCommandOptions {
  readonly argv: readonly string[];
  readonly operands: readonly FileOperand[];
  /** The policy's place and secret rules, asked again of each resolved path. */
  recheck(resolved: string, access: FileAccess): string | undefined;
  /** Whether a content read of this resolved path needs a file readable by everyone. */
  mustBeWorldReadable(resolved: string): boolean;
}

export async function guardFileReads(options: ReadGuardOptions): Promise<GuardOutcome> {
  const refuse = (message: string): GuardOutcome => ({ ok: false, code: 'READ_PATH_REFUSED', message });
  const real = options.operands.filter((o) => !isPseudoFsPath(o.path));
  const resolvedOf = new Map<FileOperand, string>();
  if (real.length > 0) {
    const resolved = await resolvePaths(
      options,
      real.map((o) => o.path),
    );
    if ('problem' in resolved) return refuse(resolved.problem);
    real.forEach((o, i) => resolvedOf.set(o, resolved.resolved[i]!));
  }
  for (const operand of options.operands) {
    const resolved = resolvedOf.get(operand) ?? operand.path;
    if (isPseudoFsPath(operand.path) && !isPseudoFsPath(resolved))
      return refuse(`${operand.path} does not stay in ${operand.path.split('/')[1]}`);
    if (resolved === operand.path) continue;
    const problem = options.recheck(resolved, operand.access);
    if (problem)
      return refuse(`${operand.path} resolves to ${resolved} on ${options.host}, which is refused: ${problem}`);
  }
  const toStat = options.operands.flatMap((o) => {
    const resolved = resolvedOf.get(o);
    return resolved === undefined ? [o.path] : [...ancestorsOf(resolved), resolved];
  });
  const checked = await statPaths(options, toStat);
  if ('problem' in checked) return refuse(checked.problem);
  for (const operand of options.operands) {
    const resolved = resolvedOf.get(operand) ?? operand.path;
    const stat = checked.stats.get(resolved)!;
    const wanted =
      operand.access === 'content'
        ? ['file']
        : isPseudoFsPath(operand.path)
          ? ['file', 'dir', 'symlink']
          : ['file', 'dir'];
    if (!wanted.includes(stat.type)) {
      const shown = resolved === operand.path ? operand.path : `${operand.path} (${resolved})`;
      return refuse(
        `${shown} on ${options.host} is ${describeType(stat.type)}; ${operand.access === 'content' ? 'only regular files are read' : 'only files and directories are listed'} (devices, FIFOs and sockets never are)`,
      );
    }
    if (resolvedOf.has(operand)) {
      const swap = swapProblem(resolved, checked.stats, checked.trusted);
      if (swap) return refuse(`${operand.path} on ${options.host} is not read: ${swap}`);
    }
    if (operand.access === 'content' && (stat.mode & 0o004) === 0 && options.mustBeWorldReadable(resolved)) {
      return refuse(
        `${resolved} on ${options.host} is readable only by its owner or group (mode ${stat.mode.toString(8).padStart(3, '0')}); outside /var/log and the places in policy.readablePaths the assistant reads only what every local user may, so a file kept private is treated as a secret`,
      );
    }
  }
  return {
    ok: true,
    argv: replaceAt(
      options.argv,
      [...resolvedOf].map(([o, value]) => ({ at: o.at, value })),
    ),
  };
}
