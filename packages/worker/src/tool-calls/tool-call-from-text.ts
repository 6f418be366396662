/**
 * Tool calls the model made, as one list of { name, arguments } whatever shape they came in:
 * Ollama's parsed `tool_calls`, arguments given as a JSON string, or the raw text Ollama could not
 * parse ("error parsing tool call: raw='...', err=..."). Repairs only what repairJson calls
 * unambiguous; otherwise throws ToolCallFormatError, which the agent can quote when it asks again.
 */
import type { ToolCall, ToolDefinition } from '@ai-sysadmin/core';
import { ToolCallFormatError } from '../errors/tool-call-format-error.js';
import { repairJson } from './repair-json.js';

const OLLAMA_PARSE_ERROR = /error parsing tool call: raw='([\s\S]*)', err=([\s\S]*)$/;

/** The raw text and Go's complaint out of Ollama's tool-call parse error, if this is one. */
export function ollamaToolCallParseError(message: string): { raw: string; error: string } | undefined {
  const match = OLLAMA_PARSE_ERROR.exec(message);
  return match ? { raw: match[1]!, error: match[2]!.trim() } : undefined;
}

/** Reads one tool call out of raw model text. */
export function toolCallFromRaw(
  raw: string,
  tools: readonly ToolDefinition[],
  why: string,
): { call: ToolCall; repaired: boolean } {
  const parsed = repairJson(raw);
  if (!parsed.ok) throw new ToolCallFormatError(raw, `${why}; ${parsed.reason}`);
  const value = parsed.value;
  if (!isObject(value)) throw new ToolCallFormatError(raw, 'a tool call must be a JSON object');
  // Either { name, arguments } (Qwen, Llama) or the arguments alone (gpt-oss: the name travels apart).
  const name = typeof value.name === 'string' ? value.name : undefined;
  const args = name !== undefined ? (value.arguments ?? value.parameters ?? {}) : value;
  if (!isObject(args)) throw new ToolCallFormatError(raw, 'the arguments of a tool call must be a JSON object');
  const resolved = name ?? (tools.length === 1 ? tools[0]!.name : undefined);
  if (resolved === undefined) {
    throw new ToolCallFormatError(
      raw,
      `the call does not say which tool it is for, and ${tools.length} tools were offered`,
    );
  }
  checkKnown(resolved, tools, raw);
  return { call: { name: resolved, arguments: args }, repaired: parsed.repaired || name === undefined };
}

/** Normalizes the tool_calls Ollama returned. */
export function toolCallsFromOllama(
  calls: ReadonlyArray<{ function: { name: string; arguments: unknown } }>,
  tools: readonly ToolDefinition[],
): { calls: ToolCall[]; repaired: boolean } {
  let repaired = false;
  const out = calls.map((c) => {
    const { name, arguments: args } = c.function;
    if (typeof args === 'string') {
      const parsed = repairJson(args);
      if (!parsed.ok) throw new ToolCallFormatError(args, `the arguments of ${name} are not JSON: ${parsed.reason}`);
      if (!isObject(parsed.value))
        throw new ToolCallFormatError(args, `the arguments of ${name} must be a JSON object`);
      repaired ||= parsed.repaired;
      checkKnown(name, tools, args);
      return { name, arguments: parsed.value };
    }
    if (!isObject(args))
      throw new ToolCallFormatError(
        JSON.stringify(args) ?? String(args),
        `the arguments of ${name} must be a JSON object`,
      );
    checkKnown(name, tools, JSON.stringify(args));
    return { name, arguments: args };
  });
  return { calls: out, repaired };
}

function checkKnown(name: string, tools: readonly ToolDefinition[], raw: string): void {
  if (tools.length && !tools.some((t) => t.name === name)) {
    throw new ToolCallFormatError(
      raw,
      `there is no tool "${name}"; the tools are ${tools.map((t) => t.name).join(', ')}`,
    );
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
