import { AiSysadminError, problemList } from '@ai-sysadmin/core';

/** A NixOS change cannot be proposed or undone as asked; nothing was changed. Each case is a subclass. */
export abstract class NixosChangeError extends AiSysadminError {}

/** No `configRepo` in the config: there is nothing to apply a change to. */
export class NixosConfigRepoMissingError extends NixosChangeError {
  static readonly CODE = 'NIXOS_CONFIG_REPO_MISSING';
  constructor() {
    super(
      NixosConfigRepoMissingError.CODE,
      'No NixOS configuration repository is configured, so no change can be proposed.',
      {
        hint: 'Set configRepo in the config to a git working copy of your NixOS flake.',
      },
    );
  }
}

/** The proposed diff is not one the executor applies (paths outside the repo, binary, symlinks, ...). */
export class NixosDiffInvalidError extends NixosChangeError {
  static readonly CODE = 'NIXOS_DIFF_INVALID';
  readonly problems: readonly string[];
  constructor(problems: readonly string[]) {
    super(NixosDiffInvalidError.CODE, `The proposed change is not an acceptable diff:\n${problemList(problems)}`, {
      hint: 'Send a git-style unified diff (a/ and b/ paths) that edits text files inside the configuration repository.',
    });
    this.problems = problems;
  }
}

/** The action is not a NixOS change that was applied, so there is nothing to undo. */
export class NixosUndoImpossibleError extends NixosChangeError {
  static readonly CODE = 'NIXOS_UNDO_IMPOSSIBLE';
  readonly actionId: number;
  constructor(actionId: number, why: { notAChange: true } | { status: string }) {
    super(
      NixosUndoImpossibleError.CODE,
      'notAChange' in why
        ? `Action #${actionId} is not a NixOS change; only NixOS changes are undone this way.`
        : `NixOS change #${actionId} was never applied (it is ${why.status}); there is nothing to undo.`,
      {
        hint:
          'notAChange' in why
            ? 'List the actions to find the change to undo.'
            : 'Only an applied change can be rolled back or reverted.',
      },
    );
    this.actionId = actionId;
  }
}
