/** The agent: tool catalog, loop, prompt, capability check, decisions log, and the eval. */
export * from './agent-contract.js';
export { createAgent, type AgentDeps, type AgentLlm } from './create-agent.js';
export { runAgent, stableJson, type LoopDeps } from './agent-loop.js';
export { systemPrompt, AUTONOMY_MEANING, BEHAVIOUR_RULES, type PromptFacts } from './system-prompt.js';
export { pruneHistory, totalTokens, messageTokens, DROPPED_RESULT } from './history-pruning.js';
export { CapabilityCheck, ollamaCapabilities } from './capability-check.js';
export { DecisionsLog, type DecisionRecord } from './decisions-log.js';
export { fitToolOutput, type BudgetOptions, type FittedResult } from './tool-result-budget.js';
export { catalogToolbox, parseCall, type Toolbox, type ParsedCall } from './toolbox.js';
export { TOOL_CATALOG, toolByName, toolDefinitions } from './tools/tool-catalog.js';
export type { AgentTool, ToolOutput, ToolProposal, ProposedAction } from './tools/agent-tool.js';
export type { ToolContext } from './tools/tool-context.js';
export { hostProblem } from './tools/host-argument.js';
export { localHardwareInventory } from './local-hardware.js';
export * from './eval/index.js';
