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
import type { Config, ToolCache } from '@ai-sysadmin/core';
import { makeCommand, nixSshOpts, resolveTarget, sshDestination } from '@ai-sysadmin/command-patterns';
import { describeIssues } from '../actions/action-request.js';
import type { ActionView, NixosChangeInfo, StoredAction } from '../actions/stored-action.js';
import type { PendingActionStore } from '../actions/pending-action-store.js';
import type { AuditEntryInput } from '../audit/audit-entry.js';
import type { AuditLog } from '../audit/audit-log.js';
import { InvalidActionRequestError } from '../errors/invalid-action-request-error.js';
import { NixosChangeError } from '../errors/nixos-change-error.js';
import type { RunnerSource } from '../execution/runner-source.js';
import { currentSystem } from '../execution/verify-effect.js';
import { cacheSpilledOutput } from '../execution/cache-output.js';
import { classifyCommand, type PolicyAction } from '../policy/evaluate-policy.js';
import type { PolicyContext } from '../policy/policy-context.js';
import type { PolicyDecision } from '../policy/risk.js';
import { ConfigRepo, GitCommandFailed } from './config-repo.js';
import { nixosChangeRequestSchema, nixosUndoRequestSchema } from './nixos-change-request.js';
import { checkUnifiedDiff } from './unified-diff.js';

type PolicyRecord = PolicyDecision & { readonly autonomy: Config['autonomyLevel'] };

/** What the NixOS flow needs from the executor. */
export interface NixosContext {
  readonly config: Config;
  readonly store: PendingActionStore;
  readonly audit: AuditLog;
  readonly runners: RunnerSource;
  readonly spillDir: string;
  readonly toolCache: ToolCache;
  now(): Date;
  policyContext(): PolicyContext;
  evaluate(action: PolicyAction): PolicyRecord;
  displays(hosts: readonly string[], argv: readonly string[], sudo: boolean): string[];
  expiryFromNow(): string;
  view(stored: StoredAction): ActionView;
}

export type NixosProposalOutcome =
  | { readonly status: 'refused'; readonly ref: string; readonly decision: PolicyRecord; readonly action: ActionView }
  | { readonly status: 'invalid'; readonly ref: string; readonly reason: string; readonly action: ActionView }
  | { readonly status: 'pending'; readonly ref: string; readonly decision: PolicyRecord; readonly action: ActionView };

const STORE_PATH = /^\/nix\/store\/[0-9a-z]{32}-[A-Za-z0-9+._?=-]{1,180}$/;

export async function proposeNixosChange(ctx: NixosContext, input: unknown): Promise<NixosProposalOutcome> {
  const ref = randomUUID();
  const parsed = nixosChangeRequestSchema.safeParse(input);
  if (!parsed.success) {
    const problems = describeIssues(parsed.error);
    ctx.audit.append({ type: 'proposal', ref, hosts: [], problems });
    throw new InvalidActionRequestError(problems);
  }
  const request = parsed.data;
  const repo = ctx.config.configRepo;
  if (!repo) {
    throw new NixosChangeError(
      'NIXOS_CONFIG_REPO_MISSING',
      'No NixOS configuration repository is configured, so no change can be proposed.',
      'Set configRepo in the config to a git working copy of your NixOS flake.',
    );
  }
  const diff = checkUnifiedDiff(request.diff);
  if (!diff.ok) {
    ctx.audit.append({
      type: 'proposal',
      ref,
      hosts: [request.host],
      request: request.requestedBy,
      reason: request.reason,
      problems: diff.problems,
    });
    throw new NixosChangeError(
      'NIXOS_DIFF_INVALID',
      `The proposed change is not an acceptable diff:\n${diff.problems.map((p) => `  - ${p}`).join('\n')}`,
      'Send a git-style unified diff (a/ and b/ paths) that edits text files inside the configuration repository.',
    );
  }
  const configuration =
    request.configuration ?? (request.host === 'local' ? (hostname().split('.')[0] ?? 'nixos') : request.host);

  const stored = createValidating(ctx, {
    kind: 'nixos-change',
    ref,
    host: request.host,
    sudo: request.host === 'local',
    request,
  });
  const dir = join(ctx.config.stateDir, 'nixos-changes', String(stored.id));
  const tree = join(dir, 'tree');
  const argv = switchArgv(ctx.config, request.host, tree, configuration);
  const decision = ctx.evaluate({ argv, host: request.host, sudo: stored.sudo });
  const display = ctx.displays(['local'], argv, stored.sudo);
  let action: StoredAction = { ...stored, argv, display, policy: decision };
  const base = {
    ref,
    actionId: stored.id,
    hosts: [request.host],
    argv,
    display,
    request: request.requestedBy,
  } satisfies Partial<AuditEntryInput>;
  ctx.audit.append({
    ...base,
    type: 'proposal',
    reason: request.reason,
    ...(request.explanation !== undefined ? { explanation: request.explanation } : {}),
    nixos: { files: diff.summary.files },
  });

  if (decision.verdict === 'deny') {
    action = { ...action, status: 'refused' };
    ctx.store.save(action);
    ctx.audit.append({ ...base, type: 'verdict', policy: decision });
    return { status: 'refused', ref, decision, action: ctx.view(action) };
  }

  const branch = `ai-sysadmin/change-${stored.id}`;
  const git = new ConfigRepo(ctx.runners.runner('local'), {
    name: `${ctx.config.aiName} (ai-sysadmin)`,
    email: `ai-sysadmin@${ctx.config.aiName}.invalid`,
  });
  let info: Omit<NixosChangeInfo, 'outPath'>;
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const diffPath = join(dir, 'change.diff');
    writeFileSync(diffPath, request.diff.endsWith('\n') ? request.diff : `${request.diff}\n`, { mode: 0o600 });
    const baseCommit = await git.commitOf(repo, ctx.config.configBranch);
    await git.addWorktree(repo, tree, branch, baseCommit);
    const changeCommit = await git.applyAndCommit(
      tree,
      diffPath,
      commitMessage(stored.id, request.reason, request.requestedBy.text),
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
      error instanceof GitCommandFailed
        ? error.message
        : `preparing the change failed: ${error instanceof Error ? error.message : String(error)}`;
    return invalid(ctx, action, base, reason);
  }
  const build = await buildSystem(ctx, tree, configuration);
  ctx.audit.append({
    ...base,
    type: 'nixos-validation',
    result: build.summary,
    note: build.outPath ? `built ${build.outPath}` : build.problem,
    nixos: { files: info.files, branch, ...(build.outPath ? { outPath: build.outPath } : {}) },
  });
  if (!build.outPath) return invalid(ctx, { ...action, nixos: { ...info, outPath: '' } }, base, build.problem!, true);

  action = {
    ...action,
    status: 'pending',
    nixos: { ...info, outPath: build.outPath },
    verify: { kind: 'current-system', path: build.outPath },
  };
  ctx.store.save(action);
  ctx.audit.append({ ...base, type: 'verdict', policy: decision });
  return { status: 'pending', ref, decision, action: ctx.view(action) };
}

/** Proposes undoing an applied change; the undo waits for approval like any high-risk action. */
export async function proposeNixosUndo(
  ctx: NixosContext,
  id: number,
  original: StoredAction,
  input: unknown,
): Promise<NixosProposalOutcome> {
  const ref = randomUUID();
  const parsed = nixosUndoRequestSchema.safeParse(input);
  if (!parsed.success) throw new InvalidActionRequestError(describeIssues(parsed.error));
  const request = parsed.data;
  const change = original.nixos;
  if (original.kind !== 'nixos-change' || !change) {
    throw new NixosChangeError(
      'NIXOS_UNDO_IMPOSSIBLE',
      `Action #${id} is not a NixOS change; only NixOS changes are undone this way.`,
      'List the actions to find the change to undo.',
    );
  }
  if (original.status !== 'succeeded' && original.status !== 'failed') {
    throw new NixosChangeError(
      'NIXOS_UNDO_IMPOSSIBLE',
      `NixOS change #${id} was never applied (it is ${original.status}); there is nothing to undo.`,
      'Only an applied change can be rolled back or reverted.',
    );
  }
  const host = original.hosts[0]!;
  const stored = createValidating(ctx, { kind: 'nixos-undo', ref, host, sudo: original.sudo, request });
  const undoes = { actionId: id, method: request.method } as const;
  let argv: string[];
  let nixos: NixosChangeInfo = { ...change, undoes };
  let verify: StoredAction['verify'] = change.previousSystem
    ? { kind: 'current-system', path: change.previousSystem }
    : { kind: 'none' };
  const base = {
    ref,
    actionId: stored.id,
    hosts: [host],
    request: request.requestedBy,
  } satisfies Partial<AuditEntryInput>;

  if (request.method === 'rollback') {
    argv = rollbackArgv(ctx.config, host);
  } else {
    argv = switchArgv(ctx.config, host, change.worktree, change.configuration);
    try {
      const git = new ConfigRepo(ctx.runners.runner('local'), {
        name: `${ctx.config.aiName} (ai-sysadmin)`,
        email: `ai-sysadmin@${ctx.config.aiName}.invalid`,
      });
      const revertCommit = await git.revert(change.worktree, change.changeCommit);
      const build = await buildSystem(ctx, change.worktree, change.configuration);
      ctx.audit.append({
        ...base,
        argv,
        type: 'nixos-validation',
        result: build.summary,
        note: build.outPath ? `built ${build.outPath}` : build.problem,
        nixos: { undoes: id, method: 'revert', ...(build.outPath ? { outPath: build.outPath } : {}) },
      });
      if (!build.outPath) return invalid(ctx, { ...stored, argv, nixos }, { ...base, argv }, build.problem!, true);
      nixos = { ...nixos, changeCommit: revertCommit, outPath: build.outPath };
      verify = { kind: 'current-system', path: build.outPath };
    } catch (error) {
      const reason = error instanceof GitCommandFailed ? error.message : String(error);
      return invalid(ctx, { ...stored, argv, nixos }, { ...base, argv }, reason);
    }
  }
  const decision = ctx.evaluate({ argv, host, sudo: stored.sudo });
  const display = ctx.displays(['local'], argv, stored.sudo);
  const action: StoredAction = {
    ...stored,
    argv,
    display,
    policy: decision,
    nixos,
    verify,
    status: decision.verdict === 'deny' ? 'refused' : 'pending',
  };
  ctx.store.save(action);
  ctx.store.save({ ...original, undoneBy: stored.id });
  ctx.audit.append({
    ...base,
    argv,
    display,
    type: 'proposal',
    reason: request.reason,
    ...(request.explanation !== undefined ? { explanation: request.explanation } : {}),
    nixos: { undoes: id, method: request.method },
  });
  ctx.audit.append({ ...base, argv, display, type: 'verdict', policy: decision });
  if (decision.verdict === 'deny') return { status: 'refused', ref, decision, action: ctx.view(action) };
  return { status: 'pending', ref, decision, action: ctx.view(action) };
}

/**
 * A numbered action in `validating`, before its argv is known: the number names the branch and
 * the directory of the change; the policy is set once the argv is.
 */
function createValidating(
  ctx: NixosContext,
  what: {
    kind: 'nixos-change' | 'nixos-undo';
    ref: string;
    host: string;
    sudo: boolean;
    request: { reason: string; explanation?: string | undefined; requestedBy: StoredAction['requestedBy'] };
  },
): StoredAction {
  return ctx.store.create({
    v: 1,
    kind: what.kind,
    ref: what.ref,
    createdAt: ctx.now().toISOString(),
    expiresAt: ctx.expiryFromNow(),
    hosts: [what.host],
    argv: [],
    sudo: what.sudo,
    display: [],
    reason: what.request.reason,
    ...(what.request.explanation !== undefined ? { explanation: what.request.explanation } : {}),
    requestedBy: what.request.requestedBy,
    policy: { verdict: 'deny', risk: 'forbidden', reason: 'not evaluated yet', autonomy: ctx.config.autonomyLevel },
    status: 'validating',
    discussion: [],
  });
}

/** Before a switch: remember where the host is, so a rollback can be verified later. */
export async function rememberCurrentSystem(ctx: NixosContext, stored: StoredAction): Promise<void> {
  if (stored.kind !== 'nixos-change' || !stored.nixos) return;
  try {
    const previous = await currentSystem(ctx.runners.runner(stored.hosts[0]!));
    if (previous) stored.nixos.previousSystem = previous;
  } catch {
    // The host is not reachable: the switch will say so.
  }
}

/** `nixos-rebuild switch --flake TREE#NAME` or `nh os switch TREE -H NAME`, with `--target-host` for a managed system. */
export function switchArgv(config: Config, host: string, tree: string, configuration: string): string[] {
  const target = targetHost(config, host);
  if (config.nixosTool === 'nh')
    return [
      'nh',
      'os',
      'switch',
      tree,
      '--hostname',
      configuration,
      ...(target ? ['--target-host', target.destination] : []),
    ];
  return [
    'nixos-rebuild',
    'switch',
    '--flake',
    `${tree}#${configuration}`,
    ...(target ? ['--target-host', target.destination, ...(target.sudo ? ['--use-remote-sudo'] : [])] : []),
  ];
}

export function rollbackArgv(config: Config, host: string): string[] {
  const target = targetHost(config, host);
  return [
    'nixos-rebuild',
    'switch',
    '--rollback',
    ...(target ? ['--target-host', target.destination, ...(target.sudo ? ['--use-remote-sudo'] : [])] : []),
  ];
}

function targetHost(config: Config, host: string): { destination: string; sudo: boolean } | undefined {
  if (host === 'local') return undefined;
  const target = resolveTarget(host, config);
  if (target.kind !== 'ssh') return undefined;
  return { destination: sshDestination(target.ssh), sudo: target.ssh.sudo && target.ssh.username !== 'root' };
}

/**
 * The environment a local `--target-host` switch or rollback needs: NIX_SSHOPTS, so that its ssh
 * uses our key, port and known_hosts for the managed host. Nothing for a local switch.
 */
export function targetHostEnv(config: Config, host: string): Record<string, string> | undefined {
  if (host === 'local') return undefined;
  const target = resolveTarget(host, config);
  return target.kind === 'ssh' ? { NIX_SSHOPTS: nixSshOpts(target.ssh) } : undefined;
}

interface BuildOutcome {
  readonly outPath?: string;
  readonly problem?: string;
  readonly summary: NonNullable<AuditEntryInput['result']>;
}

/** `nix build --no-link --print-out-paths TREE#nixosConfigurations.NAME.config.system.build.toplevel`, once, under the long time limit. */
async function buildSystem(ctx: NixosContext, tree: string, configuration: string): Promise<BuildOutcome> {
  const argv = [
    'nix',
    '--extra-experimental-features',
    'nix-command flakes',
    'build',
    '--no-link',
    '--print-out-paths',
    `${tree}#nixosConfigurations.${configuration}.config.system.build.toplevel`,
  ];
  const classification = classifyCommand(argv, ctx.policyContext());
  if (classification.risk === 'forbidden')
    return { problem: `the validation build is refused by the policy: ${classification.reason}`, summary: {} };
  const command = makeCommand(argv, {
    timeoutMs: ctx.config.execution.nixBuildTimeoutSec * 1000,
    maxOutputBytes: ctx.config.execution.maxOutputBytes,
  });
  let result;
  let cached;
  try {
    ({ result, cached } = await cacheSpilledOutput(
      ctx.toolCache,
      await ctx.runners.runner('local').run(command, { spillDir: ctx.spillDir }),
      `nix build of ${configuration}`,
    ));
  } catch (error) {
    return {
      problem: `the validation build could not start: ${error instanceof Error ? error.message : String(error)}`,
      summary: {},
    };
  }
  const summary = {
    exitCode: result.exitCode,
    timedOut: result.timedOut,
    durationMs: result.durationMs,
    truncated: result.truncated,
    stdoutExcerpt: result.stdout.slice(-2000),
    stderrExcerpt: result.stderr.slice(-2000),
    ...(cached ? { cached } : {}),
  };
  if (result.timedOut)
    return {
      problem: `the validation build did not finish within execution.nixBuildTimeoutSec (${ctx.config.execution.nixBuildTimeoutSec} s); it is not retried`,
      summary,
    };
  const outPath = result.stdout
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .at(-1);
  if (result.exitCode !== 0 || !outPath || !STORE_PATH.test(outPath)) {
    return {
      problem: `the configuration does not build (nix build exited ${result.exitCode}): ${lastLines(result.stderr, 15)}`,
      summary,
    };
  }
  return { outPath, summary };
}

function invalid(
  ctx: NixosContext,
  action: StoredAction,
  base: Partial<AuditEntryInput>,
  reason: string,
  validationAudited = false,
): NixosProposalOutcome {
  const stored: StoredAction = { ...action, status: 'invalid' };
  ctx.store.save(stored);
  if (!validationAudited) ctx.audit.append({ ...(base as AuditEntryInput), type: 'nixos-validation', note: reason });
  return { status: 'invalid', ref: action.ref, reason, action: ctx.view(stored) };
}

function commitMessage(id: number, reason: string, request: string): string {
  return `ai-sysadmin change #${id}: ${reason.split('\n')[0]!.slice(0, 72)}\n\nAsked for: ${request.slice(0, 2000)}\n`;
}

function lastLines(text: string, n: number): string {
  return text.trim().split('\n').slice(-n).join('\n');
}
