import type { LlmQueueClient } from '@ai-sysadmin/worker';

/** The two job kinds the agent puts on the LLM queue (the daemon passes its LlmQueueClient). */
export type AgentLlm = Pick<LlmQueueClient, 'chat' | 'summarize'>;
