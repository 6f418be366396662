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

/** What the chat job carries: name, description and the arguments' JSON Schema. */
export function toolDefinitions(catalog: readonly AgentTool[] = TOOL_CATALOG): ToolDefinition[] {
  return catalog.map((tool) => {
    const { $schema: _ignored, ...parameters } = z.toJSONSchema(tool.schema, {
      io: 'input',
      unrepresentable: 'any',
    }) as Record<string, unknown>;
    return { name: tool.name, description: tool.description, parameters };
  });
}
