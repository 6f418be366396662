/**
 * Who could swap a path between the check and its use: every directory on it must belong to a
 * trusted owner (root, the user the checks run as, the daemon's own user) and be writable by no
 * one else, or be sticky with the next component owned by a trusted owner.
 */
import { describe, expect, it } from 'vitest';
import { type PathStat, swapProblem } from '@ai-sysadmin/executor';

const dir = (path: string, uid: number, mode: number): PathStat => ({ path, type: 'dir', mode, uid, gid: 0 });
const file = (path: string, uid: number): PathStat => ({ path, type: 'file', mode: 0o644, uid, gid: 0 });
const stats = (...all: PathStat[]) => new Map(all.map((s) => [s.path, s]));

describe('swapProblem', () => {
  it('finds nothing to fear on a path only root can change', () => {
    expect(
      swapProblem(
        '/var/log/app.log',
        stats(dir('/', 0, 0o755), dir('/var', 0, 0o755), dir('/var/log', 0, 0o755), file('/var/log/app.log', 1000)),
        [0],
      ),
    ).toBeUndefined();
  });

  it('names a directory another user owns, or one its group or anyone may write', () => {
    const owned = stats(dir('/', 0, 0o755), dir('/srv', 1000, 0o755), file('/srv/x', 0));
    expect(swapProblem('/srv/x', owned, [0])).toMatch(/\/srv belongs to uid 1000/);
    const group = stats(dir('/', 0, 0o755), dir('/srv', 0, 0o775), file('/srv/x', 0));
    expect(swapProblem('/srv/x', group, [0])).toMatch(/writable by its group/);
    const anyone = stats(dir('/', 0, 0o755), dir('/srv', 0, 0o777), file('/srv/x', 0));
    expect(swapProblem('/srv/x', anyone, [0])).toMatch(/writable by anyone/);
  });

  it("accepts a sticky directory only where the next component is a trusted owner's", () => {
    const ours = stats(dir('/', 0, 0o755), dir('/tmp', 0, 0o1777), dir('/tmp/rig', 0, 0o700), file('/tmp/rig/x', 0));
    expect(swapProblem('/tmp/rig/x', ours, [0])).toBeUndefined();
    const theirs = stats(
      dir('/', 0, 0o755),
      dir('/tmp', 0, 0o1777),
      dir('/tmp/rig', 1000, 0o700),
      file('/tmp/rig/x', 1000),
    );
    expect(swapProblem('/tmp/rig/x', theirs, [0])).toMatch(/\/tmp is writable by anyone/);
  });

  it("counts the daemon's own user as trusted where it is given (its worktrees, checked through sudo)", () => {
    const worktree = stats(
      dir('/', 0, 0o755),
      dir('/var', 0, 0o755),
      dir('/var/lib', 0, 0o755),
      dir('/var/lib/ai', 990, 0o750),
      file('/var/lib/ai/flake.nix', 990),
    );
    expect(swapProblem('/var/lib/ai/flake.nix', worktree, [0])).toMatch(/uid 990/);
    expect(swapProblem('/var/lib/ai/flake.nix', worktree, [0, 990])).toBeUndefined();
  });
});
