/**
 * The git side of a NixOS change, run through the local runner as argv (`git -C DIR ...`): each
 * change gets its own worktree and branch under the state directory, so the person's own working
 * copy of configRepo is never touched. Repository hooks are off for these commands.
 */
import { makeCommand } from '@ai-sysadmin/command-patterns';
import type { CommandRunner } from '../runner/command-runner.js';
import { GitCommandFailedError } from '../errors/git-command-failed-error.js';

export class ConfigRepo {
  constructor(
    private readonly runner: CommandRunner,
    private readonly author: { name: string; email: string },
  ) {}

  private async git(step: string, dir: string, args: readonly string[]): Promise<string> {
    const argv = [
      'git',
      '-C',
      dir,
      '-c',
      'core.hooksPath=/dev/null',
      '-c',
      'commit.gpgSign=false',
      '-c',
      `user.name=${this.author.name}`,
      '-c',
      `user.email=${this.author.email}`,
      ...args,
    ];
    const result = await this.runner.run(makeCommand(argv, { timeoutMs: 120_000, maxOutputBytes: 1024 * 1024 }));
    if (result.exitCode !== 0 || result.timedOut) throw new GitCommandFailedError(step, result);
    return result.stdout.trim();
  }

  /** The commit a branch points at. */
  commitOf(repo: string, branch: string): Promise<string> {
    return this.git(`finding branch ${branch}`, repo, [
      'rev-parse',
      '--verify',
      '--end-of-options',
      `${branch}^{commit}`,
    ]);
  }

  /** A new worktree at `path` on a new branch starting at `commit`. */
  async addWorktree(repo: string, path: string, branch: string, commit: string): Promise<void> {
    await this.git('creating the worktree', repo, ['worktree', 'add', '-b', branch, '--', path, commit]);
  }

  /** Applies a patch file and commits it; returns the new commit. */
  async applyAndCommit(tree: string, patchPath: string, message: string): Promise<string> {
    await this.git('checking the diff applies (git apply --check)', tree, ['apply', '--check', '--', patchPath]);
    await this.git('applying the diff', tree, ['apply', '--', patchPath]);
    await this.git('staging the change', tree, ['add', '--all', '--', '.']);
    await this.git('committing the change', tree, ['commit', '--quiet', '--message', message]);
    return this.git('reading the new commit', tree, ['rev-parse', 'HEAD']);
  }

  /** Reverts a commit with a new commit; returns it. */
  async revert(tree: string, commit: string): Promise<string> {
    await this.git('reverting the change', tree, ['revert', '--no-edit', commit]);
    return this.git('reading the new commit', tree, ['rev-parse', 'HEAD']);
  }
}
