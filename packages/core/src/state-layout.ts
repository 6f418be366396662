/**
 * Every file and folder the product keeps under `stateDir`, named once. A part that writes or
 * reads state takes its path from here, so two parts never disagree on a name and a person can
 * see in one place what the state directory holds.
 *
 *   audit.jsonl              the audit log (executor), append-only
 *   actions/                 pending actions, `<n>.json` and `<n>.decision` (executor)
 *   nixos-changes/<n>/       a NixOS change's diff and git worktree (executor)
 *   check-state.json         each host's last check time (health check)
 *   tool_cache/              full outputs by id (core's ToolCache); `.spill/` stages cut streams
 *   .ssh/                    the assistant's SSH key and known_hosts (config defaults)
 *   logs/                    the daemon's own log files; `check.log`, the log of `check` runs
 *   api.sock                 the daemon's API socket (default of `api.socket`)
 * and the places the daemon keeps, as it is built:
 *   issues/                  the issue tracker's working state
 *   outbox/                  notifications written before they are sent
 *   cycles.jsonl             a record per cycle, the latest kept (daemon)
 *   vector-buffer/           writes to ChromaDB (issues, and the agent's knowledge, systems,
 *                            configs) waiting for it or for their embeddings
 *   chat-sessions/           chat conversations
 *   config-index.json        which configRepo HEAD the `configs` collection was built from, and its chunk ids
 *   logs/decisions.jsonl     the agent's runs (prompt sizes, tool calls, verdicts, answer), append-only
 */
import { join } from 'node:path';

/** The folder inside the tool cache where a producer stages a stream whole before it is put. */
export const TOOL_CACHE_SPILL_DIR = '.spill';

export interface StateLayout {
  readonly root: string;
  readonly auditLog: string;
  readonly actionsDir: string;
  readonly nixosChangesDir: string;
  readonly checkState: string;
  readonly toolCacheDir: string;
  /** Where runners write the whole of a cut stream before it moves into the tool cache. */
  readonly spillDir: string;
  readonly sshDir: string;
  readonly sshKey: string;
  readonly knownHosts: string;
  readonly logsDir: string;
  /** Where `ai-sysadmin check` logs, so that its report on the terminal never carries a log line. */
  readonly checkLog: string;
  readonly apiSocket: string;
  readonly issuesDir: string;
  readonly outboxDir: string;
  readonly cyclesLog: string;
  readonly vectorBufferDir: string;
  readonly chatSessionsDir: string;
  readonly decisionsLog: string;
  readonly configIndexState: string;
}

/** The names, relative to stateDir. */
export const STATE_NAMES = {
  auditLog: 'audit.jsonl',
  actionsDir: 'actions',
  nixosChangesDir: 'nixos-changes',
  checkState: 'check-state.json',
  toolCacheDir: 'tool_cache',
  spillDir: join('tool_cache', TOOL_CACHE_SPILL_DIR),
  sshDir: '.ssh',
  sshKey: join('.ssh', 'id_ed25519'),
  knownHosts: join('.ssh', 'known_hosts'),
  logsDir: 'logs',
  checkLog: join('logs', 'check.log'),
  apiSocket: 'api.sock',
  issuesDir: 'issues',
  outboxDir: 'outbox',
  cyclesLog: 'cycles.jsonl',
  vectorBufferDir: 'vector-buffer',
  chatSessionsDir: 'chat-sessions',
  decisionsLog: join('logs', 'decisions.jsonl'),
  configIndexState: 'config-index.json',
} as const satisfies Record<Exclude<keyof StateLayout, 'root'>, string>;

/** The absolute paths under one stateDir. */
export function stateLayout(stateDir: string): StateLayout {
  const paths = Object.fromEntries(Object.entries(STATE_NAMES).map(([key, name]) => [key, join(stateDir, name)]));
  return { root: stateDir, ...paths } as StateLayout;
}
