/**
 * How a tool call is answered. The loop parses and checks every call the same way (a known tool,
 * arguments valid by its schema, a host that is a managed system); the toolbox then answers it:
 * the catalog's real tools, or in the eval recorded outputs with proposals judged by the policy.
 */
import type { ToolCall } from '@ai-sysadmin/core';
import { describeIssues } from '@ai-sysadmin/executor';
import type { AgentTool, ToolOutput } from './tools/agent-tool.js';
import { hostProblem } from './tools/host-argument.js';
import type { ToolContext } from './tools/tool-context.js';
import { TOOL_CATALOG } from './tools/tool-catalog.js';

export interface Toolbox {
  readonly tools: readonly AgentTool[];
  invoke(tool: AgentTool, args: Record<string, unknown>, context: ToolContext): Promise<ToolOutput>;
}

export function catalogToolbox(tools: readonly AgentTool[] = TOOL_CATALOG): Toolbox {
  return { tools, invoke: (tool, args, context) => tool.run(args, context) };
}

export type ParsedCall =
  | { readonly kind: 'ok'; readonly tool: AgentTool; readonly args: Record<string, unknown>; readonly host: string }
  /** Not a call we can make sense of: the model gets one corrective message. */
  | { readonly kind: 'malformed'; readonly problem: string }
  /** A well-formed call naming a host we do not manage: refused before anything reaches ssh. */
  | { readonly kind: 'refused'; readonly tool: AgentTool; readonly host: string; readonly problem: string };

export function parseCall(
  call: ToolCall,
  tools: readonly AgentTool[],
  context: Pick<ToolContext, 'systems'>,
): ParsedCall {
  const tool = tools.find((t) => t.name === call.name);
  if (!tool)
    return {
      kind: 'malformed',
      problem: `there is no tool named "${call.name}"; the tools are: ${tools.map((t) => t.name).join(', ')}`,
    };
  const parsed = tool.schema.safeParse(call.arguments);
  if (!parsed.success)
    return {
      kind: 'malformed',
      problem: `the arguments of ${tool.name} are not valid: ${describeIssues(parsed.error).join('; ')}`,
    };
  const args = parsed.data as Record<string, unknown>;
  const host = typeof args.host === 'string' ? args.host : 'local';
  const problem = typeof args.host === 'string' ? hostProblem(args.host, context.systems) : undefined;
  if (problem) return { kind: 'refused', tool, host, problem };
  return { kind: 'ok', tool, args, host };
}
