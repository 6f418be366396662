/**
 * What a path really is on a host, asked in two read-only commands run through the host's own
 * runner (argv): `realpath -z -e` resolves every symlink, then one `stat` without following
 * links reports type, owner and mode of the resolved path and every directory above it, and of
 * `/proc/self/` (the user the commands run as on that host). They run as the daemon's own user
 * (locally) or the SSH user; only where that cannot see the path and the action itself runs
 * through sudo are they asked again through sudo.
 *
 * Why that closes the gap between check and use: the command then uses the resolved path. If
 * every directory on it belongs to root or to our own user, and none is writable by its group or
 * by others (or is sticky, like /tmp, with the next component ours), nobody else can rename,
 * replace or re-link anything on that path between the check and the use; only root or we
 * ourselves could, and both are trusted.
 */
import { makeCommand } from '@ai-sysadmin/command-patterns';
import type { CommandResult } from '../runner/command-result.js';
import type { CommandRunner } from '../runner/command-runner.js';

export interface PathStat {
  readonly path: string;
  readonly type: 'file' | 'dir' | 'symlink' | 'char-device' | 'block-device' | 'fifo' | 'socket' | 'unknown';
  readonly mode: number;
  readonly uid: number;
  readonly gid: number;
}

export interface HostCommandOptions {
  readonly runner: CommandRunner;
  readonly host: string;
  /** The action runs through sudo: a check our own user cannot make is asked again through sudo. */
  readonly sudo: boolean;
}

const TYPES: Record<number, PathStat['type']> = {
  0o100000: 'file',
  0o040000: 'dir',
  0o120000: 'symlink',
  0o020000: 'char-device',
  0o060000: 'block-device',
  0o010000: 'fifo',
  0o140000: 'socket',
};

export function describeType(type: PathStat['type']): string {
  return {
    file: 'a regular file',
    dir: 'a directory',
    symlink: 'a symbolic link',
    'char-device': 'a character device',
    'block-device': 'a block device',
    fifo: 'a FIFO (named pipe)',
    socket: 'a socket',
    unknown: 'of an unknown type',
  }[type];
}

/** Runs a read-only check as our own user, and again through sudo where that failed and the action is sudo's. */
export async function runCheck(
  options: HostCommandOptions,
  argv: string[],
  limits: { timeoutMs: number; maxOutputBytes: number } = { timeoutMs: 30_000, maxOutputBytes: 1024 * 1024 },
): Promise<{ result: CommandResult; own: CommandResult }> {
  const own = await options.runner.run(makeCommand(argv, { host: options.host, ...limits }));
  if (own.exitCode === 0 || !options.sudo) return { result: own, own };
  const result = await options.runner.run(makeCommand(argv, { host: options.host, sudo: true, ...limits }));
  return { result, own };
}

/** The first line of a tool's complaint, without its name: `realpath: /x: No such file or directory` -> `/x: No such ...`. */
function complaint(stderr: string, tool: string, exitCode: number | null): string {
  return (
    stderr
      .trim()
      .split('\n')[0]
      ?.replace(new RegExp(`^${tool}: `), '') || `${tool} exited ${exitCode}`
  );
}

/** Every path resolved (all symlinks followed); a problem naming what does not exist. */
export async function resolvePaths(
  options: HostCommandOptions,
  paths: readonly string[],
): Promise<{ resolved: string[] } | { problem: string }> {
  const { result } = await runCheck(options, ['realpath', '-z', '-e', '--', ...paths]);
  const resolved = result.stdout.split('\0').filter((p) => p !== '');
  if (result.exitCode !== 0 || resolved.length !== paths.length) {
    const what = `${paths.join(', ')} on ${options.host} before using ${paths.length === 1 ? 'it' : 'them'}`;
    return { problem: `could not resolve ${what} (${complaint(result.stderr, 'realpath', result.exitCode)})` };
  }
  return { resolved };
}

/** lstat of each path (links not followed), and the owners who count as trusted: root, the user the commands run as, `trustedUids`. */
export async function statPaths(
  options: HostCommandOptions,
  paths: readonly string[],
): Promise<{ stats: Map<string, PathStat>; trusted: number[] } | { problem: string }> {
  const operands = ['/proc/self/', ...new Set(paths)];
  const { result, own } = await runCheck(options, ['stat', '--printf=%f %u %g\\n', '--', ...operands]);
  // /proc/self/ comes first, so even a stat that failed later has said who our own user is.
  const ownUid = Number(/^[0-9a-f]+ (\d+) /.exec(own.stdout)?.[1] ?? 0);
  const lines = result.stdout.split('\n').filter((l) => l !== '');
  if (result.exitCode !== 0 || lines.length !== operands.length) {
    return {
      problem: `could not check ${paths.join(', ')} on ${options.host} (${complaint(result.stderr, 'stat', result.exitCode)})`,
    };
  }
  const stats = new Map<string, PathStat>();
  let uid = -1;
  for (const [i, line] of lines.entries()) {
    const match = /^([0-9a-f]+) (\d+) (\d+)$/.exec(line);
    if (!match) return { problem: `could not read what stat said about ${operands[i]} on ${options.host}` };
    const raw = parseInt(match[1]!, 16);
    const stat: PathStat = {
      path: operands[i]!,
      type: TYPES[raw & 0o170000] ?? 'unknown',
      mode: raw & 0o7777,
      uid: Number(match[2]),
      gid: Number(match[3]),
    };
    if (i === 0) uid = stat.uid;
    else stats.set(stat.path, stat);
  }
  return { stats, trusted: [...new Set([0, ownUid, uid])] };
}

/**
 * The paths resolved on the host, each checked by `recheck` (the policy's rules, asked again of
 * where a link leads), then the lstat of each resolved path and every directory above it.
 */
export async function resolveAndStat(
  options: HostCommandOptions,
  paths: readonly string[],
  recheck: (given: string, resolved: string) => string | undefined,
): Promise<{ resolved: string[]; stats: Map<string, PathStat>; trusted: number[] } | { problem: string }> {
  const resolution = await resolvePaths(options, paths);
  if ('problem' in resolution) return resolution;
  const { resolved } = resolution;
  for (const [i, given] of paths.entries()) {
    if (resolved[i] === given) continue;
    const problem = recheck(given, resolved[i]!);
    if (problem) return { problem };
  }
  const checked = await statPaths(
    options,
    resolved.flatMap((r) => [...ancestorsOf(r), r]),
  );
  return 'problem' in checked ? checked : { resolved, ...checked };
}

/** `/`, `/a`, `/a/b` for `/a/b/c`: every directory a path passes through. */
export function ancestorsOf(path: string): string[] {
  const parts = path.split('/').filter(Boolean);
  return parts.map((_, i) => `/${parts.slice(0, i).join('/')}`);
}

/**
 * Why someone other than the `trusted` owners could swap what lies at `path` (resolved) between a check
 * and its use, or undefined when nobody can.
 */
export function swapProblem(
  path: string,
  stats: ReadonlyMap<string, PathStat>,
  owners: readonly number[],
): string | undefined {
  const trusted = (owner: number) => owners.includes(owner);
  const chain = [...ancestorsOf(path), path];
  for (let i = 0; i < chain.length - 1; i++) {
    const dir = stats.get(chain[i]!);
    const child = stats.get(chain[i + 1]!);
    if (!dir || !child) return `${chain[i]} could not be checked`;
    if (dir.type !== 'dir') return `${dir.path} is ${describeType(dir.type)}, not a directory`;
    if (!trusted(dir.uid))
      return `${dir.path} belongs to uid ${dir.uid}, who could replace ${child.path} between the check and its use`;
    if (dir.mode & 0o022) {
      const sticky = (dir.mode & 0o1000) !== 0;
      if (!sticky || !trusted(child.uid)) {
        const who = dir.mode & 0o002 ? 'anyone' : `its group (gid ${dir.gid})`;
        return `${dir.path} is writable by ${who} (mode ${dir.mode.toString(8)}), who could replace ${child.path} between the check and its use`;
      }
    }
  }
  return undefined;
}
