import { AiSysadminError } from '@ai-sysadmin/core';
import type { CommandResult } from '../runner/command-result.js';

/** A git step of a NixOS change (worktree, apply, commit, revert) failed; the change is invalid, with git's words. */
export class GitCommandFailedError extends AiSysadminError {
  static readonly CODE = 'GIT_COMMAND_FAILED';
  constructor(
    readonly step: string,
    readonly result: CommandResult,
  ) {
    super(
      GitCommandFailedError.CODE,
      `${step} failed (exit ${result.exitCode}${result.timedOut ? ', timed out' : ''}): ${(result.stderr || result.stdout).trim().slice(0, 2000)}`,
      { hint: 'Check the configuration repository (configRepo, configBranch) and that the diff applies to it.' },
    );
  }
}
