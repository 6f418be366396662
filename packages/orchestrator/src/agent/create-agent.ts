/**
 * The agent as the daemon composes it: chat, ask, discuss and autonomous diagnosis all call
 * `createAgent(deps).run(request)`. The deps are what the daemon already has (config, the LLM
 * queue's producer, the executor, the runners, the knowledge base, the issue tracker's view, the
 * systems, the outbox); `toolbox` lets the eval replay recorded tool outputs in place of hosts.
 */
import { type Config, type HostSnapshot, type Logger, createLogger, stateLayout } from '@ai-sysadmin/core';
import type { Executor } from '@ai-sysadmin/executor';
import type { RunnerSource } from '@ai-sysadmin/executor/runner';
import type { AgentLlm } from './agent-llm.js';
import type { MessageDraft } from '../notifications/outbox.js';
import type { Agent, AgentRequest, AgentResult, KnowledgeBase, OpenIssue, SystemsView } from './agent-contract.js';
import { runAgent } from './agent-loop.js';
import { CapabilityCheck, ollamaCapabilities } from './capability-check.js';
import { DecisionsLog } from './decisions-log.js';
import { localHardwareInventory } from './local-hardware.js';
import { snapshotOf } from './host-snapshot.js';
import { type Toolbox, catalogToolbox } from './toolbox.js';

export type { AgentLlm };

export interface AgentDeps {
  /** The current configuration (a reload applies from the next run on). */
  readonly config: () => Config;
  readonly llm: AgentLlm;
  readonly executor: Executor;
  /** For the health snapshots of the status tools (the daemon's RunnerPool). */
  readonly runners: RunnerSource;
  readonly systems: SystemsView;
  /** ChromaDB's knowledge and issue history; without it the prompt says so in one line and the run goes on. */
  readonly knowledge?: KnowledgeBase;
  /** The tracker's active issues. Default: none. */
  readonly openIssues?: () => readonly OpenIssue[];
  /** Puts a message in the outbox (send_notification). */
  readonly notify?: (draft: MessageDraft) => unknown;
  readonly logger?: Logger;
  /** Answers tool calls; default the real catalog against real hosts. The eval replays recorded outputs. */
  readonly toolbox?: Toolbox;
  /** A model's capabilities; default Ollama's /api/show (the ollama client's show()). */
  readonly modelCapabilities?: (model: string) => Promise<readonly string[]>;
  /** A host's snapshot; default collectSnapshot through the runners (once per host per run). */
  readonly snapshot?: (host: string, signal?: AbortSignal) => Promise<HostSnapshot>;
  /** This machine's static inventory; default systeminformation, loaded on first use. */
  readonly localHardware?: () => Promise<string>;
}

export function createAgent(deps: AgentDeps): Agent {
  const logger =
    deps.logger ?? createLogger({ level: deps.config().logLevel, aiName: deps.config().aiName, component: 'agent' });
  const capabilities = new CapabilityCheck(
    deps.modelCapabilities ?? ((model) => ollamaCapabilities(deps.config().ollamaHost, model)),
  );
  let decisions: DecisionsLog | undefined;
  let hardware: Promise<string> | undefined;
  return {
    run(request: AgentRequest): Promise<AgentResult> {
      const config = deps.config();
      const path = stateLayout(config.stateDir).decisionsLog;
      if (decisions?.path !== path) decisions = new DecisionsLog(path);
      return runAgent(request, {
        config,
        llm: deps.llm,
        executor: deps.executor,
        systems: deps.systems,
        ...(deps.knowledge ? { knowledge: deps.knowledge } : {}),
        openIssues: deps.openIssues ?? (() => []),
        ...(deps.notify ? { notify: deps.notify } : {}),
        toolbox: deps.toolbox ?? catalogToolbox(),
        capabilities,
        decisions,
        logger,
        snapshot: deps.snapshot ?? ((host) => snapshotOf(config, deps.runners, host)),
        localHardware: deps.localHardware ?? (() => (hardware ??= localHardwareInventory())),
      });
    },
  };
}
