/**
 * Every run of the agent, one JSON line in `<stateDir>/logs/decisions.jsonl`: the mode, the
 * sizes of its prompts, each tool call with its verdict, the actions it proposed, the answer or
 * the error. Appended synchronously at the end of the run, so a crash loses at most the run in flight.
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

export interface DecisionRecord {
  readonly at: string;
  readonly mode: string;
  readonly model: string;
  readonly host?: string;
  readonly user?: string;
  readonly issueIds?: readonly number[];
  readonly request: string;
  readonly steps: number;
  /** Estimated tokens of each prompt sent, in order, and what Ollama counted in all. */
  readonly promptTokens: readonly number[];
  readonly promptTokensCounted: number;
  readonly tools: readonly {
    readonly tool: string;
    readonly host: string;
    readonly args: Record<string, unknown>;
    readonly ok: boolean;
    /** run, cached (answered from this run's result), refused, malformed. */
    readonly verdict: string;
    readonly summary: string;
    readonly durationMs: number;
  }[];
  readonly actions: readonly {
    readonly id: number | null;
    readonly status: string;
    readonly command: string;
    readonly risk: string;
  }[];
  readonly answer: string;
  readonly error?: { readonly code: string; readonly message: string };
  readonly durationMs: number;
}

export class DecisionsLog {
  constructor(readonly path: string) {}

  append(record: DecisionRecord): void {
    mkdirSync(dirname(this.path), { recursive: true, mode: 0o700 });
    appendFileSync(this.path, `${JSON.stringify(record)}\n`, { mode: 0o600 });
  }
}
