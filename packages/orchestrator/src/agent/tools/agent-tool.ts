/**
 * A tool the model may call, as data: its name, a description written for a small model, a zod
 * schema of its arguments (turned into the JSON Schema the model sees), and whether it only
 * reads. Tools are grouped by concern, one file per group (`status-tools.ts`, `command-tools.ts`,
 * ...); `tool-catalog.ts` lists them all. A tool never runs a command itself: whatever runs on a
 * host goes through the executor with the request that led to it.
 */
import type { z } from 'zod';
import type { FenceLabel } from '@ai-sysadmin/core';
import type { ToolContext } from './tool-context.js';

/** What a tool call came to, before the loop fits it to the prompt. */
export interface ToolOutput {
  /** False when the tool could not do what was asked (refused, host down, bad input). */
  readonly ok: boolean;
  /** One line for the person watching (`tool-finished.summary`) and the decisions log. */
  readonly summary: string;
  /** Our own words about the result (facts the tool knows), never text from outside. */
  readonly facts: string;
  /**
   * Text from outside (command output, log lines, file contents, knowledge written by others):
   * the loop fences it as data, and caches and reduces it when it is larger than its budget.
   */
  readonly data?: readonly { readonly text: string; readonly label: FenceLabel }[];
  /** An action proposed through the executor, with what the executor said. */
  readonly action?: ProposedAction;
}

export interface ProposedAction {
  /** The executor's action number (pending or run), null when it was refused before being stored. */
  readonly id: number | null;
  /** refused, pending, executed, invalid ... as the executor said. */
  readonly status: string;
  readonly host: string;
  /** Display form of the command (or `nixos change: <reason>`). */
  readonly command: string;
  readonly risk: string;
  readonly verdict: string;
  readonly reason: string;
}

export interface AgentTool<S extends z.ZodType = z.ZodType> {
  readonly name: string;
  /** Written for a small model: what it does, when to use it, what it returns. */
  readonly description: string;
  readonly schema: S;
  /** True when it never changes anything (a read, a search). Changes always go through the executor. */
  readonly readOnly: boolean;
  /**
   * The command this call would put to the executor, for tools that run one (the eval judges it
   * by the real policy without running it). Absent for tools that run nothing on a host.
   */
  proposal?(args: z.output<S>, context: ToolContext): ToolProposal;
  run(args: z.output<S>, context: ToolContext): Promise<ToolOutput>;
}

/** The model's part of an action request: the executor adds who asked. */
export interface ToolProposal {
  readonly host: string;
  readonly argv: readonly string[];
  readonly sudo?: boolean;
  readonly reason: string;
}

/** Keeps a tool's argument type when it is put in a list of tools of other types. */
export function defineTool<S extends z.ZodType>(tool: AgentTool<S>): AgentTool {
  return tool as unknown as AgentTool;
}
