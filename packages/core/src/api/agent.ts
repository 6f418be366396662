/**
 * The agent's part of the daemon API: chat and ask (NDJSON event streams), chat sessions, and the
 * knowledge, systems and configs searches. The daemon validates requests with these schemas; the
 * CLI builds its requests and reads the streams with the same types.
 */
import { z } from 'zod';
import { KNOWLEDGE_CATEGORIES, type KnowledgeCategory } from './api-enums.js';

/** A chat session's id: the CLI makes one (`randomUUID()`), the daemon keeps its history under it. */
export const chatSessionIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{8,64}$/, 'must be 8-64 letters, digits, "_" or "-" (a session id from `randomUUID()`)');

export const chatRequestSchema = z.strictObject({
  session: chatSessionIdSchema,
  message: z.string().trim().min(1, 'must not be empty').max(20_000),
  /** Who asks (the CLI sends the user's name); recorded as the origin of any action proposed. */
  user: z.string().trim().min(1).max(200).optional(),
});
export type ChatRequest = z.infer<typeof chatRequestSchema>;

export const askRequestSchema = z.strictObject({
  question: z.string().trim().min(1, 'must not be empty').max(20_000),
  user: z.string().trim().min(1).max(200).optional(),
});
export type AskRequest = z.infer<typeof askRequestSchema>;

/** `approve discuss N`: opens (or reopens) a chat session seeded with pending action N's context. */
export const discussRequestSchema = z.strictObject({
  user: z.string().trim().min(1).max(200).optional(),
});

export const searchQuerySchema = z.strictObject({
  q: z.string().trim().min(1, 'must not be empty').max(2000),
  limit: z.coerce.number().int().min(1).max(50).default(5),
});
export type SearchQuery = z.input<typeof searchQuerySchema>;

export const knowledgeAddRequestSchema = z.strictObject({
  topic: z.string().trim().min(1).max(200),
  content: z.string().trim().min(1).max(20_000),
  category: z.enum(KNOWLEDGE_CATEGORIES).default('note'),
});
export type KnowledgeAddRequest = z.input<typeof knowledgeAddRequestSchema>;

export const chatSessionParamsSchema = z.strictObject({ id: chatSessionIdSchema });

export const knowledgeListQuerySchema = z.strictObject({
  category: z.enum(KNOWLEDGE_CATEGORIES).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});

export const knowledgeIdParamsSchema = z.strictObject({
  id: z.string().regex(/^[A-Za-z0-9:._-]{1,200}$/, 'must be a knowledge entry id as `knowledge list` shows it'),
});

/**
 * One line of a `/v1/chat` or `/v1/ask` stream. Every stream ends with exactly one `done` or
 * `error` line; `cancelled` in `error.code` when the person stopped it.
 */
export type ChatEvent =
  | { readonly type: 'session'; readonly session: string; readonly aiName: string; readonly model: string }
  | { readonly type: 'token'; readonly text: string }
  | {
      readonly type: 'tool-started';
      readonly callId: string;
      readonly tool: string;
      readonly host: string;
      /** The arguments as the model gave them, for `/debug` and the decisions log. */
      readonly args: Record<string, unknown>;
    }
  | {
      readonly type: 'tool-finished';
      readonly callId: string;
      readonly tool: string;
      readonly host: string;
      readonly durationMs: number;
      readonly ok: boolean;
      /** One line: what came back, or why it was refused. */
      readonly summary: string;
    }
  | {
      readonly type: 'action-pending';
      readonly actionId: number;
      readonly host: string;
      /** The command in display form. */
      readonly command: string;
      readonly risk: string;
      readonly reason: string;
      /** What a person types to approve it: `<aiName>-approve approve N`. */
      readonly approveWith: string;
    }
  | {
      readonly type: 'action-ran';
      readonly actionId: number;
      readonly host: string;
      readonly command: string;
      readonly status: string;
    }
  | { readonly type: 'error'; readonly code: string; readonly message: string; readonly hint?: string }
  | {
      readonly type: 'done';
      readonly answer: string;
      readonly steps: number;
      readonly promptTokens: number;
      readonly durationMs: number;
    };

export type ChatRole = 'user' | 'assistant';

/** A turn of a session as `/history` and `GET /v1/chat/sessions/:id` show it. */
export interface ChatTurn {
  readonly role: ChatRole;
  readonly text: string;
  readonly at: string;
  /** Tool calls made while answering this turn (assistant turns only). */
  readonly tools?: readonly { readonly tool: string; readonly host: string; readonly ok: boolean }[];
}

export interface ChatSessionView {
  readonly session: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** Set for a session opened by `approve discuss N`. */
  readonly actionId?: number;
  readonly turns: readonly ChatTurn[];
}

export interface ChatSessionSummary {
  readonly session: string;
  readonly updatedAt: string;
  readonly turns: number;
  readonly firstMessage: string;
}

/** A search that could not run says so instead of answering nothing. */
export type SearchOutcome<T> =
  { readonly available: true; readonly hits: readonly T[] } | { readonly available: false; readonly reason: string };

export interface KnowledgeEntry {
  readonly id: string;
  readonly topic: string;
  readonly content: string;
  readonly category: KnowledgeCategory;
  /** `agent` (a lesson it learned), `user` (knowledge add), or `config`. */
  readonly source: string;
  readonly at: string;
  /** The issue a lesson was learned from. */
  readonly issueId?: number;
  /** Similarity distance of a search hit (smaller is closer). */
  readonly distance?: number;
}

export interface SystemEntry {
  readonly name: string;
  /** `local`, `managed` (in remoteSystems), or `candidate` (a name seen in logs, never an SSH target). */
  readonly kind: 'local' | 'managed' | 'candidate';
  readonly address: string | null;
  readonly os: string | null;
  readonly role: string | null;
  readonly services: readonly string[];
  readonly hardware: string | null;
  readonly lastSeen: string | null;
  readonly status: 'up' | 'down' | 'unknown';
}

export interface ConfigHit {
  readonly path: string;
  readonly startLine: number;
  readonly endLine: number;
  readonly text: string;
  readonly distance: number;
}

export interface ConfigIndexState {
  readonly repo: string | null;
  /** The git HEAD the index was built from; null before the first indexing. */
  readonly head: string | null;
  readonly files: number;
  readonly chunks: number;
  readonly indexing: boolean;
  /** While indexing: files read so far of how many. */
  readonly progress?: { readonly done: number; readonly total: number };
  /** When the last indexing ended, and why it failed if it did. */
  readonly indexedAt?: string | null;
  readonly error?: string | null;
}

// ---- What the agent's routes answer (besides the NDJSON ChatEvent streams)

/** GET /v1/chat/sessions */
export interface ChatSessionListResponse {
  readonly sessions: readonly ChatSessionSummary[];
}

/** GET /v1/chat/sessions/:id */
export interface ChatSessionResponse {
  readonly session: ChatSessionView;
  /** An answer is being written in it now. */
  readonly answering: boolean;
}

/** POST /v1/chat/sessions/:id/cancel: `cancelled` is false when nothing was being answered. */
export interface ChatCancelResponse {
  readonly session: string;
  readonly cancelled: boolean;
}

/** POST /v1/approvals/:id/discuss: the session to chat in (`discuss-<n>`), and what the agent is told of the action. */
export interface DiscussResponse {
  readonly session: ChatSessionView;
  readonly context: unknown;
}

/** GET /v1/knowledge (newest first), GET /v1/knowledge/search (nearest first). 503 KNOWLEDGE_UNAVAILABLE when ChromaDB is away. */
export interface KnowledgeListResponse {
  readonly entries: readonly KnowledgeEntry[];
}
export interface KnowledgeSearchResponse {
  readonly hits: readonly KnowledgeEntry[];
}

/** POST /v1/knowledge: 201 when ChromaDB has it, 202 when it waits in the buffer (`buffered`). */
export interface KnowledgeAddResponse {
  readonly id: string;
  readonly buffered: boolean;
}

/** POST /v1/knowledge/:id/delete (404 KNOWLEDGE_NOT_FOUND for an id ChromaDB does not hold). */
export interface KnowledgeDeleteResponse {
  readonly id: string;
  readonly deleted: boolean;
  readonly buffered: boolean;
}

/** GET /v1/systems */
export interface SystemsResponse {
  readonly systems: readonly SystemEntry[];
}

/** GET /v1/configs/search */
export interface ConfigSearchResponse {
  readonly hits: readonly ConfigHit[];
  readonly state: ConfigIndexState;
}

/** GET /v1/configs */
export interface ConfigStateResponse {
  readonly state: ConfigIndexState;
}
