/**
 * How the executor's records are shaped from what happened: the fields every audit entry of an
 * action shares, the proposal and verdict entries, and the summary of one run (kept in the audit
 * log and on the stored action alike).
 */
import type { RequestOrigin } from '../actions/action-request.js';
import type { HostRunRecord, StoredAction } from '../actions/stored-action.js';
import type { HostRun } from '../execution/run-on-host.js';
import type { CachedOutput } from '../execution/cache-output.js';
import type { PolicyRecord } from '../policy/action-policy.js';
import type { CommandResult } from '../runner/command-result.js';
import type { AuditEntryBase, AuditEntryInput, RunSummary } from './audit-entry.js';

/** Characters of each stream kept in a record; the whole of a cut stream is in the ToolCache. */
export const EXCERPT_CHARS = 2000;

/** What identifies an action in its records: a stored action, or a plan about to run. */
export type Recorded = Pick<StoredAction, 'ref' | 'hosts' | 'argv' | 'display'> & {
  readonly requestedBy: RequestOrigin;
} & ({ readonly id: number } | { readonly actionId?: number });

/** The fields every audit entry of this action shares: ref, action number, hosts, argv, display, request. */
export function entryBase(action: Recorded): AuditEntryBase {
  const actionId = 'id' in action ? action.id : action.actionId;
  return {
    ref: action.ref,
    ...(actionId !== undefined ? { actionId } : {}),
    hosts: [...action.hosts],
    argv: [...action.argv],
    display: [...action.display],
    request: action.requestedBy,
  };
}

/** The proposal entry: why it was asked for, in the asker's words. */
export function proposalEntry(
  base: AuditEntryBase,
  request: { readonly reason: string; readonly explanation?: string | undefined },
  nixos?: Extract<AuditEntryInput, { type: 'proposal' }>['nixos'],
): AuditEntryInput {
  return {
    ...base,
    type: 'proposal',
    reason: request.reason,
    ...(request.explanation !== undefined ? { explanation: request.explanation } : {}),
    ...(nixos ? { nixos } : {}),
  };
}

export function verdictEntry(base: AuditEntryBase, policy: PolicyRecord): AuditEntryInput {
  return { ...base, type: 'verdict', policy };
}

/**
 * What a command came to, with an excerpt of each stream: its start for a command's output, its
 * end for a build (where the error is last).
 */
export function resultSummary(
  result: CommandResult,
  cached: CachedOutput | undefined,
  excerpt: 'start' | 'end' = 'start',
): RunSummary {
  const cut = (text: string) => (excerpt === 'start' ? text.slice(0, EXCERPT_CHARS) : text.slice(-EXCERPT_CHARS));
  return {
    exitCode: result.exitCode,
    signal: result.signal,
    timedOut: result.timedOut,
    ...(result.outputLimited ? { outputLimited: true } : {}),
    durationMs: result.durationMs,
    truncated: result.truncated,
    stdoutBytes: result.stdoutBytes,
    stderrBytes: result.stderrBytes,
    stdoutExcerpt: cut(result.stdout),
    stderrExcerpt: cut(result.stderr),
    ...(cached ? { cached } : {}),
  };
}

/** One host's run, or why it did not run there. */
export function runSummary(run: HostRun): RunSummary {
  if (!run.result)
    return { error: { code: run.error?.code ?? 'UNKNOWN', message: run.error?.message ?? 'did not run' } };
  const summary = resultSummary(run.result, run.cached);
  return run.executedArgv ? { ...summary, executedArgv: [...run.executedArgv] } : summary;
}

/** One host's run as the stored action keeps it. */
export function hostRunRecord(run: HostRun, startedAt: string): HostRunRecord {
  return { host: run.host, display: run.display, startedAt, ...runSummary(run) };
}
