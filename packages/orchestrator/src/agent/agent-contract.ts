/**
 * The seam between the agent (tool catalog, loop, prompt) and what the daemon gives it: the
 * knowledge base, the issue tracker's view, the managed systems. The daemon composes an `Agent`
 * from these; chat, ask, discuss and autonomous diagnosis all call `Agent.run`.
 */
import type {
  ChatEvent,
  ChatTurn,
  ConfigHit,
  Issue,
  KnowledgeCategory,
  KnowledgeEntry,
  SearchOutcome,
  SystemEntry,
} from '@ai-sysadmin/core';

/** What the agent reads from and writes to ChromaDB; with Chroma down, searches say so and writes wait. */
export interface KnowledgeBase {
  searchKnowledge(query: string, limit: number): Promise<SearchOutcome<KnowledgeEntry>>;
  storeKnowledge(entry: {
    topic: string;
    content: string;
    category: KnowledgeCategory;
    source: string;
    issueId?: number;
  }): Promise<{ id: string; buffered: boolean }>;
  /** Past issues like this text (the daemon's `issues` collection), resolutions included. */
  searchIssues(query: string, limit: number): Promise<SearchOutcome<PastIssue>>;
  searchConfigs(query: string, limit: number): Promise<SearchOutcome<ConfigHit>>;
}

export interface PastIssue {
  readonly id: number;
  readonly host: string;
  readonly title: string;
  readonly status: string;
  /** How it ended: the diagnosis and the action that held, when there was one. */
  readonly resolution: string | null;
  readonly distance: number;
}

/** The managed systems the agent may name as `host` (plus `local`), with what is known of each. */
export interface SystemsView {
  list(): readonly SystemEntry[];
}

/** What the agent reads of an open issue (the tracker's Issue satisfies it). */
export type OpenIssue = Pick<Issue, 'id' | 'host' | 'title' | 'subject' | 'severity' | 'status'>;

export type AgentMode = 'chat' | 'ask' | 'discuss' | 'diagnosis';

export interface AgentRequest {
  readonly mode: AgentMode;
  /** The person's words, or for a diagnosis the issue's title and what was found. */
  readonly message: string;
  /** Earlier turns of the session (chat, discuss); empty for ask and diagnosis. */
  readonly history: readonly ChatTurn[];
  /** The user who asked, recorded as the origin of every action proposed. */
  readonly user?: string;
  /** The issues a diagnosis is about (one host); their ids go into the actions' origin. */
  readonly issueIds?: readonly number[];
  /** Host the request is about, when known (a diagnosis always has one). */
  readonly host?: string;
  /** For discuss: the pending action's id, whose discussion context seeds the prompt. */
  readonly actionId?: number;
  /** Stops the run: the queue job in flight is cancelled and the run ends with error `cancelled`. */
  readonly signal?: AbortSignal;
  /** Every event as it happens (tokens, tool calls, actions); the last is `done` or `error`. */
  readonly onEvent?: (event: ChatEvent) => void;
}

export interface AgentResult {
  readonly answer: string;
  readonly steps: number;
  readonly promptTokens: number;
  readonly durationMs: number;
  /** Actions proposed through the executor during the run, with what the executor said. */
  readonly actions: readonly { readonly id: number | null; readonly status: string; readonly command: string }[];
  /** Set when the run ended without an answer (model unavailable, step limit, malformed calls, cancelled). */
  readonly error?: { readonly code: string; readonly message: string; readonly hint?: string };
}

export interface Agent {
  run(request: AgentRequest): Promise<AgentResult>;
}
