/** What the daemon's API answers, as the CLI reads it. */
import type { CheckReport, HostSnapshot } from '../health.js';
import type { Severity } from '../config-schema.js';
import type { CycleRecord } from './cycle.js';

export const DEPENDENCY_STATES = ['up', 'down', 'unknown', 'not-configured'] as const;
export type DependencyState = (typeof DEPENDENCY_STATES)[number];

export interface DependencyStatus {
  /** redis, chromadb, ollama, llm-worker, gotify, webhook */
  readonly name: string;
  readonly state: DependencyState;
  /** Since when it is in this state (ISO time); null before the first look. */
  readonly since: string | null;
  /** Why it is down, or what it is (`http://127.0.0.1:8000`). */
  readonly detail: string;
}

export interface HostStatusEntry {
  readonly host: string;
  readonly status: 'up' | 'down' | 'unknown';
  readonly reason: string | null;
  readonly lastCheckedAt: string | null;
}

export interface OutboxStatus {
  readonly target: string;
  /** Messages written but not delivered yet. */
  readonly depth: number;
  readonly sent: number;
  readonly failed: number;
  /** Why the last attempt failed, while it is failing. */
  readonly lastError: string | null;
}

export interface RecentMessage {
  readonly seq: number;
  readonly at: string;
  readonly title: string;
  readonly message: string;
  readonly priority: number;
  readonly host: string | null;
}

export interface StatusResponse {
  readonly ai: string;
  readonly version: string;
  readonly node: string;
  readonly pid: number;
  readonly startedAt: string;
  readonly config: {
    readonly source: string;
    readonly autonomyLevel: string;
    readonly checkIntervalSec: number;
    readonly loadedAt: string;
  };
  readonly dependencies: readonly DependencyStatus[];
  readonly hosts: readonly HostStatusEntry[];
  readonly cycle: { readonly running: boolean; readonly last: CycleRecord | null; readonly nextAt: string | null };
  readonly issues: { readonly open: Record<Severity, number> };
  readonly queue: { readonly depth: number; readonly workers: number } | null;
  readonly outbox: readonly OutboxStatus[];
  /** The latest messages (also when no notifier is configured: then this is where they are seen). */
  readonly recentMessages: readonly RecentMessage[];
  /** The agent: its model, whether it can be asked now, what its capability check found. */
  readonly agent?: AgentStatus;
}

export interface AgentStatus {
  readonly model: string;
  readonly embedModel: string;
  /** Whether a chat or diagnosis can reach the model now (Redis, the worker and Ollama up). */
  readonly available: boolean;
  readonly detail: string;
  /** The model's capability check (tool calling), when it has run. */
  readonly capability: { readonly ok: boolean; readonly detail: string; readonly checkedAt: string } | null;
  /** Autonomous diagnosis runs in progress, and chat answers in progress. */
  readonly diagnosing: number;
  readonly answering: number;
  /** Vector-store writes waiting for ChromaDB or the embedder. */
  readonly knowledgePendingWrites: number;
}

/** The NDJSON lines of `POST /v1/check`, in order: started, one host per host as it finishes, then report (or error). */
export type CheckProgress =
  | { readonly type: 'started'; readonly cycle: number; readonly hosts: readonly string[]; readonly joined: boolean }
  | {
      readonly type: 'host';
      readonly host: string;
      readonly status: HostSnapshot['status'];
      readonly durationMs: number;
      readonly reason: string | null;
    }
  | { readonly type: 'report'; readonly report: CheckReport; readonly cycle: CycleRecord }
  | { readonly type: 'error'; readonly error: ApiErrorBody['error'] };

/** Every refused request: `{ error: { code, message, issues? } }`. */
export interface ApiErrorBody {
  readonly error: {
    readonly code: string;
    readonly message: string;
    readonly hint?: string;
    /** For bad input: each wrong field and why. */
    readonly issues?: ReadonlyArray<{ readonly path: string; readonly message: string }>;
  };
}

export interface TriggerResponse {
  readonly accepted: true;
  readonly cycle: number;
  readonly host: string;
  readonly joined: boolean;
}

export interface NotifyResponse {
  readonly queued: number;
  readonly targets: readonly string[];
}

export interface AlertmanagerResponse {
  readonly opened: number;
  readonly updated: number;
  readonly resolved: number;
  readonly ignored: number;
}
