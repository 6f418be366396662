/**
 * What a tool gets for one call: the executor (every command goes through it, with the request
 * that led to the run as its origin), the health collection (one snapshot per host per run), the
 * knowledge base, the managed systems, and the budget of its result.
 */
import type { Config, HostSnapshot, ToolCache } from '@ai-sysadmin/core';
import type { Executor, RequestOrigin } from '@ai-sysadmin/executor';
import type { KnowledgeBase, OpenIssue, SystemsView } from '../agent-contract.js';
import type { MessageDraft } from '../../notifications/outbox.js';

export interface ToolContext {
  readonly config: Config;
  readonly executor: Executor;
  readonly systems: SystemsView;
  readonly knowledge?: KnowledgeBase;
  /** Puts a message in the outbox (send_notification); absent where the daemon has none. */
  readonly notify?: (draft: MessageDraft) => unknown;
  /** The tracker's open issues, for the prompt and search_issues' fallback. */
  readonly openIssues: () => readonly OpenIssue[];
  readonly toolCache: ToolCache;
  /** Who asked: the origin of every action proposed in this run. */
  readonly origin: RequestOrigin;
  readonly signal?: AbortSignal;
  /** Largest tool result, in estimated tokens; the loop caches and reduces the rest. */
  readonly resultTokens: number;
  /** The host's snapshot, collected once per run and shared by the status tools. */
  snapshot(host: string): Promise<HostSnapshot>;
  /** This machine's static inventory (systeminformation, loaded on first use). */
  localHardware(): Promise<string>;
}
