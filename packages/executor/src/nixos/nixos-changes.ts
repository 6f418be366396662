/**
 * NixOS changes: propose -> validate -> approve -> apply -> verify -> undo.
 *
 * A change is a unified diff to the flake in configRepo. It is applied on its own branch
 * (`ai-sysadmin/change-<n>`) in a worktree under `<stateDir>/nixos-changes/<n>/`, committed, and
 * built with `nix build --no-link` before anyone is asked: a change that does not apply or does
 * not build is recorded as invalid and never offered. An approved change is switched to with
 * `nixos-rebuild switch --flake` (or `nh os switch`), with `--target-host` for a managed system,
 * under execution.nixBuildTimeoutSec and never retried; then /run/current-system must point at
 * the system that was built. Undo is itself an action needing approval: `nixos-rebuild switch
 * --rollback`, or a revert commit built and switched to the same way.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { type Config, LOCAL_HOST, type ToolCache, errorMessage, stateLayout } from '@ai-sysadmin/core';
import { displayOnHosts } from '@ai-sysadmin/command-patterns';
import { describeIssues } from '../actions/action-request.js';
import type { ActionLifecycle } from '../actions/action-lifecycle.js';
import type { ActionView, NixosChangeInfo, StoredAction } from '../actions/stored-action.js';
import type { AuditEntryBase, AuditEntryInput } from '../audit/audit-entry.js';
import type { AuditLog } from '../audit/audit-log.js';
import { proposalEntry, verdictEntry } from '../audit/audit-records.js';
import { GitCommandFailedError } from '../errors/git-command-failed-error.js';
import { InvalidActionRequestError } from '../errors/invalid-action-request-error.js';
import {
  NixosConfigRepoMissingError,
  NixosDiffInvalidError,
  NixosUndoImpossibleError,
} from '../errors/nixos-change-error.js';
import { currentSystem } from '../execution/verify-effect.js';
import type { ActionPolicy, PolicyRecord } from '../policy/action-policy.js';
import type { RunnerSource } from '../runner/runner-source.js';
import { type BuildOutcome, buildSystem } from './build-system.js';
import { ConfigRepo } from './config-repo.js';
import { rollbackArgv, switchArgv } from './nixos-argv.js';
import { nixosChangeRequestSchema, nixosUndoRequestSchema } from './nixos-change-request.js';
import { checkUnifiedDiff } from './unified-diff.js';

export type NixosProposalOutcome =
  | { readonly status: 'refused'; readonly ref: string; readonly decision: PolicyRecord; readonly action: ActionView }
  | { readonly status: 'invalid'; readonly ref: string; readonly reason: string; readonly action: ActionView }
  | { readonly status: 'pending'; readonly ref: string; readonly decision: PolicyRecord; readonly action: ActionView };

/** What the NixOS changes work with: each an object of its own, none a callback into the executor. */
export interface NixosChangesOptions {
  readonly config: () => Config;
  readonly lifecycle: ActionLifecycle;
  readonly audit: AuditLog;
  readonly policy: ActionPolicy;
  readonly runners: RunnerSource;
  readonly toolCache: ToolCache;
}

export class NixosChanges {
  constructor(private readonly parts: NixosChangesOptions) {}

  /** Validates, applies on its own branch and builds a change; offers it for approval only when it builds. */
  async propose(input: unknown): Promise<NixosProposalOutcome> {
    const { audit, lifecycle, policy } = this.parts;
    const config = this.parts.config();
    const ref = randomUUID();
    const parsed = nixosChangeRequestSchema.safeParse(input);
    if (!parsed.success) {
      const problems = describeIssues(parsed.error);
      audit.append({ type: 'proposal', ref, hosts: [], problems });
      throw new InvalidActionRequestError(problems);
    }
    const request = parsed.data;
    const repo = config.configRepo;
    if (!repo) throw new NixosConfigRepoMissingError();
    const diff = checkUnifiedDiff(request.diff);
    if (!diff.ok) {
      audit.append({
        type: 'proposal',
        ref,
        hosts: [request.host],
        request: request.requestedBy,
        reason: request.reason,
        problems: [...diff.problems],
      });
      throw new NixosDiffInvalidError(diff.problems);
    }
    const configuration =
      request.configuration ?? (request.host === LOCAL_HOST ? (hostname().split('.')[0] ?? 'nixos') : request.host);

    const validating = this.createValidating({
      kind: 'nixos-change',
      ref,
      host: request.host,
      sudo: request.host === LOCAL_HOST,
      request,
    });
    const dir = join(stateLayout(config.stateDir).nixosChangesDir, String(validating.id));
    const tree = join(dir, 'tree');
    const argv = switchArgv(config, request.host, tree, configuration);
    const decision = policy.evaluate({ argv, host: request.host, sudo: validating.sudo });
    const display = displayOnHosts(argv, [LOCAL_HOST], config, { sudo: validating.sudo });
    const action = lifecycle.update(validating, { argv, display, policy: decision });
    const base = {
      ref,
      actionId: action.id,
      hosts: [request.host],
      argv,
      display,
      request: request.requestedBy,
    } satisfies AuditEntryBase;
    audit.append(proposalEntry(base, request, { files: [...diff.summary.files] }));

    if (decision.verdict === 'deny') {
      const refused = lifecycle.moveTo(action, 'refused');
      audit.append(verdictEntry(base, decision));
      return { status: 'refused', ref, decision, action: lifecycle.view(refused) };
    }

    const branch = `ai-sysadmin/change-${action.id}`;
    const git = this.configRepo(config);
    let info: Omit<NixosChangeInfo, 'outPath'>;
    try {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      const diffPath = join(dir, 'change.diff');
      writeFileSync(diffPath, request.diff.endsWith('\n') ? request.diff : `${request.diff}\n`, { mode: 0o600 });
      const baseCommit = await git.commitOf(repo, config.configBranch);
      await git.addWorktree(repo, tree, branch, baseCommit);
      const changeCommit = await git.applyAndCommit(
        tree,
        diffPath,
        commitMessage(action.id, request.reason, request.requestedBy.text),
      );
      info = {
        configuration,
        diff: request.diff,
        diffPath,
        worktree: tree,
        branch,
        baseCommit,
        changeCommit,
        files: diff.summary.files,
      };
    } catch (error) {
      const reason =
        error instanceof GitCommandFailedError ? error.message : `preparing the change failed: ${errorMessage(error)}`;
      return this.invalid(action, base, reason);
    }
    const build = await buildSystem(
      { config, policy, runners: this.parts.runners, toolCache: this.parts.toolCache },
      tree,
      configuration,
    );
    audit.append(validationEntry(base, build, { files: [...info.files], branch }));
    if (!build.outPath) return this.invalid({ ...action, nixos: { ...info, outPath: '' } }, base, build.problem!, true);

    const pending = lifecycle.moveTo(action, 'pending', {
      nixos: { ...info, outPath: build.outPath },
      verify: { kind: 'current-system', path: build.outPath },
    });
    audit.append(verdictEntry(base, decision));
    return { status: 'pending', ref, decision, action: lifecycle.view(pending) };
  }

  /** Proposes undoing an applied change; the undo waits for approval like any high-risk action. */
  async proposeUndo(id: number, input: unknown): Promise<NixosProposalOutcome> {
    const { audit, lifecycle, policy } = this.parts;
    const config = this.parts.config();
    const original = lifecycle.load(id);
    const ref = randomUUID();
    const parsed = nixosUndoRequestSchema.safeParse(input);
    if (!parsed.success) throw new InvalidActionRequestError(describeIssues(parsed.error));
    const request = parsed.data;
    const change = original.nixos;
    if (original.kind !== 'nixos-change' || !change) throw new NixosUndoImpossibleError(id, { notAChange: true });
    if (original.status !== 'succeeded' && original.status !== 'failed')
      throw new NixosUndoImpossibleError(id, { status: original.status });
    const host = original.hosts[0]!;
    const validating = this.createValidating({ kind: 'nixos-undo', ref, host, sudo: original.sudo, request });
    let argv: string[];
    let nixos: NixosChangeInfo = { ...change, undoes: { actionId: id, method: request.method } };
    let verify: StoredAction['verify'] = change.previousSystem
      ? { kind: 'current-system', path: change.previousSystem }
      : { kind: 'none' };
    const base = { ref, actionId: validating.id, hosts: [host], request: request.requestedBy } satisfies AuditEntryBase;

    if (request.method === 'rollback') {
      argv = rollbackArgv(config, host);
    } else {
      argv = switchArgv(config, host, change.worktree, change.configuration);
      try {
        const revertCommit = await this.configRepo(config).revert(change.worktree, change.changeCommit);
        const build = await buildSystem(
          { config, policy, runners: this.parts.runners, toolCache: this.parts.toolCache },
          change.worktree,
          change.configuration,
        );
        audit.append(validationEntry({ ...base, argv }, build, { undoes: id, method: 'revert' }));
        if (!build.outPath)
          return this.invalid({ ...validating, argv, nixos }, { ...base, argv }, build.problem!, true);
        nixos = { ...nixos, changeCommit: revertCommit, outPath: build.outPath };
        verify = { kind: 'current-system', path: build.outPath };
      } catch (error) {
        const reason = error instanceof GitCommandFailedError ? error.message : String(error);
        return this.invalid({ ...validating, argv, nixos }, { ...base, argv }, reason);
      }
    }
    const decision = policy.evaluate({ argv, host, sudo: validating.sudo });
    const display = displayOnHosts(argv, [LOCAL_HOST], config, { sudo: validating.sudo });
    const action = lifecycle.moveTo(validating, decision.verdict === 'deny' ? 'refused' : 'pending', {
      argv,
      display,
      policy: decision,
      nixos,
      verify,
    });
    lifecycle.update(original, { undoneBy: validating.id });
    audit.append(proposalEntry({ ...base, argv, display }, request, { undoes: id, method: request.method }));
    audit.append(verdictEntry({ ...base, argv, display }, decision));
    if (decision.verdict === 'deny') return { status: 'refused', ref, decision, action: lifecycle.view(action) };
    return { status: 'pending', ref, decision, action: lifecycle.view(action) };
  }

  /** Before a switch: where the host is now, kept on the change so a rollback can be verified later. */
  async rememberCurrentSystem(stored: StoredAction): Promise<StoredAction> {
    if (stored.kind !== 'nixos-change' || !stored.nixos) return stored;
    try {
      const previous = await currentSystem(this.parts.runners.runner(stored.hosts[0]!));
      if (previous) return { ...stored, nixos: { ...stored.nixos, previousSystem: previous } };
    } catch {
      // The host is not reachable: the switch will say so.
    }
    return stored;
  }

  /**
   * A numbered action in `validating`, before its argv is known: the number names the branch and
   * the directory of the change; the policy is set once the argv is.
   */
  private createValidating(what: {
    kind: 'nixos-change' | 'nixos-undo';
    ref: string;
    host: string;
    sudo: boolean;
    request: { reason: string; explanation?: string | undefined; requestedBy: StoredAction['requestedBy'] };
  }): StoredAction {
    return this.parts.lifecycle.create({
      kind: what.kind,
      ref: what.ref,
      hosts: [what.host],
      argv: [],
      sudo: what.sudo,
      display: [],
      reason: what.request.reason,
      ...(what.request.explanation !== undefined ? { explanation: what.request.explanation } : {}),
      requestedBy: what.request.requestedBy,
      policy: {
        verdict: 'deny',
        risk: 'forbidden',
        reason: 'not evaluated yet',
        autonomy: this.parts.config().autonomyLevel,
      },
      status: 'validating',
    });
  }

  /** Git runs here, as argv, with our own name on the commits. */
  private configRepo(config: Config): ConfigRepo {
    return new ConfigRepo(this.parts.runners.runner(LOCAL_HOST), {
      name: `${config.aiName} (ai-sysadmin)`,
      email: `ai-sysadmin@${config.aiName}.invalid`,
    });
  }

  private invalid(
    action: StoredAction,
    base: AuditEntryBase,
    reason: string,
    validationAudited = false,
  ): NixosProposalOutcome {
    const invalid = this.parts.lifecycle.moveTo(action, 'invalid');
    if (!validationAudited) this.parts.audit.append({ ...base, type: 'nixos-validation', note: reason });
    return { status: 'invalid', ref: action.ref, reason, action: this.parts.lifecycle.view(invalid) };
  }
}

/** The validation entry: what the build came to, and the system it built. */
function validationEntry(
  base: AuditEntryBase,
  build: BuildOutcome,
  nixos: { files?: string[]; branch?: string; undoes?: number; method?: string },
): AuditEntryInput {
  return {
    ...base,
    type: 'nixos-validation',
    result: build.summary,
    note: build.outPath ? `built ${build.outPath}` : build.problem,
    nixos: { ...nixos, ...(build.outPath ? { outPath: build.outPath } : {}) },
  };
}

function commitMessage(id: number, reason: string, request: string): string {
  return `ai-sysadmin change #${id}: ${reason.split('\n')[0]!.slice(0, 72)}\n\nAsked for: ${request.slice(0, 2000)}\n`;
}
