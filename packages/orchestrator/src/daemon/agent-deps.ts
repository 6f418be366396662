/**
 * What the daemon hands the agent when it composes it: the config as it is now, the LLM queue,
 * the executor, the knowledge base and the systems registry, the tracker, the hosts' runners,
 * the logger and where the decisions log goes. `DaemonOptions.createAgent` builds an Agent from
 * these (tests may give their own); by default it is the agent core's createAgent.
 */
import type { Config, Logger } from '@ai-sysadmin/core';
import type { Executor, RunnerSource } from '@ai-sysadmin/executor';
import type { LlmQueueClient } from '@ai-sysadmin/worker';
import type { Agent, KnowledgeBase, SystemsView } from '../agent/agent-contract.js';
import type { IssueTracker } from '../issues/issue-tracker.js';

export interface DaemonAgentDeps {
  readonly config: () => Config;
  readonly llm: LlmQueueClient;
  readonly executor: () => Executor;
  readonly knowledge: KnowledgeBase;
  readonly systems: SystemsView;
  readonly tracker: IssueTracker;
  readonly runners: RunnerSource;
  readonly logger: Logger;
  readonly decisionsLog: string;
}

export type CreateAgent = (deps: DaemonAgentDeps) => Agent;

/** Until the agent core is composed in: every run says so. */
export const defaultCreateAgent: CreateAgent = () => ({
  run: async () => ({
    answer: '',
    steps: 0,
    promptTokens: 0,
    durationMs: 0,
    actions: [],
    error: { code: 'agent-missing', message: 'this build has no agent core' },
  }),
});
