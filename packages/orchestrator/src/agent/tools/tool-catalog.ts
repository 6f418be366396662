/**
 * Every tool the model is offered, and their JSON Schemas as the model sees them (zod 4's
 * toJSONSchema of each argument schema, the input side, so defaults read as optional).
 */
import { z } from 'zod';
import type { ToolDefinition } from '@ai-sysadmin/core';
import type { AgentTool } from './agent-tool.js';
import { CACHE_TOOLS } from './cache-tools.js';
import { COMMAND_TOOLS } from './command-tools.js';
import { KNOWLEDGE_TOOLS } from './knowledge-tools.js';
import { NIXOS_TOOLS } from './nixos-tools.js';
import { NOTIFICATION_TOOLS } from './notification-tools.js';
import { SERVICE_TOOLS } from './service-tools.js';
import { STATUS_TOOLS } from './status-tools.js';
import { SYSTEMS_TOOLS } from './systems-tools.js';

export const TOOL_CATALOG: readonly AgentTool[] = [
  ...STATUS_TOOLS,
  ...SERVICE_TOOLS,
  ...SYSTEMS_TOOLS,
  ...COMMAND_TOOLS,
  ...NIXOS_TOOLS,
  ...KNOWLEDGE_TOOLS,
  ...NOTIFICATION_TOOLS,
  ...CACHE_TOOLS,
];

export function toolByName(name: string, catalog: readonly AgentTool[] = TOOL_CATALOG): AgentTool | undefined {
  return catalog.find((t) => t.name === name);
}

/**
 * Bounds the model need not read: zod checks lengths, patterns and ranges of every argument when
 * the call comes back (a call outside them is malformed and corrected), so the schema the model
 * sees keeps only types, enums, defaults, descriptions and what is required. That is a third of
 * the definitions' tokens, on every turn.
 */
const CHECKED_HERE = new Set([
  'minLength',
  'maxLength',
  'pattern',
  'minimum',
  'maximum',
  'minItems',
  'maxItems',
  'format',
]);

function forTheModel(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(forTheModel);
  if (!schema || typeof schema !== 'object') return schema;
  return Object.fromEntries(
    Object.entries(schema)
      .filter(([key]) => !CHECKED_HERE.has(key) && key !== '$schema')
      .map(([key, value]) => [key, key === 'properties' ? mapValues(value, forTheModel) : forTheModel(value)]),
  );
}

function mapValues(value: unknown, f: (v: unknown) => unknown): unknown {
  if (!value || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, f(v)]));
}

/** What the chat job carries: name, description and the arguments' JSON Schema. */
export function toolDefinitions(catalog: readonly AgentTool[] = TOOL_CATALOG): ToolDefinition[] {
  return catalog.map((tool) => ({
    name: tool.name,
    description: tool.description,
    parameters: forTheModel(z.toJSONSchema(tool.schema, { io: 'input', unrepresentable: 'any' })) as Record<
      string,
      unknown
    >,
  }));
}
