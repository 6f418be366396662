/**
 * The agent's own cost and the size of its prompts:
 * - overhead per step: a run of 12 model turns (11 tool calls, then the answer) against a model
 *   that answers at once (an in-process LlmRequest resolved immediately) and tools replayed from
 *   a scenario: prompt building, pruning, argument checks, policy, fitting, fencing, events and
 *   the decisions log, per turn;
 * - the prompt of one autonomous diagnosis of a failed unit (the failed-nginx scenario: the
 *   unit's status and its last error lines) at llm.contextTokens 8192: the largest prompt sent,
 *   estimated as every budget is (core's estimateTokens, tool definitions included).
 */
import { join } from 'node:path';
import {
  type ChatJobInput,
  type ChatJobResult,
  type Config,
  type JobInput,
  type JobResult,
  newJobId,
  parseConfig,
} from '@ai-sysadmin/core';
import { Executor, RunnerPool } from '@ai-sysadmin/executor';
import {
  type AgentLlm,
  ReplayToolbox,
  createAgent,
  loadScenarios,
  totalTokens,
  toolDefinitions,
} from '@ai-sysadmin/orchestrator';
import { LlmRequest, estimateTokens } from '@ai-sysadmin/worker';
import type { Bench, BenchFigure } from './bench-api.js';
import { median } from './bench-api.js';
import { REPO_ROOT, tempDir } from '../tests/rig/index.js';
import { systemEntry } from '../tests/helpers/system-entries.js';

const RUNS = 40;
const WARMUP = 5;

type Reply = (input: ChatJobInput) => ChatJobResult['message'];

/** A model that answers at once, in process: the agent's cost alone, with no queue or HTTP. */
function instantModel(reply: Reply, seen: ChatJobInput[] = []): AgentLlm {
  const result = (message: ChatJobResult['message'], input: ChatJobInput): ChatJobResult => ({
    message,
    model: 'instant',
    promptTokens: estimateTokens(JSON.stringify(input.messages)),
    completionTokens: 1,
    durations: { totalMs: 0, loadMs: 0, promptMs: 0, generationMs: 0 },
    toolCallsRepaired: false,
  });
  return {
    chat: (input: JobInput<'chat'>) => {
      seen.push(input);
      const request = new LlmRequest<'chat'>('chat', newJobId(), async () => undefined);
      const message = reply(input);
      request.push({ type: 'token', attempt: 1, text: message.content || ' ' } as never);
      request.resolve(result(message, input) as JobResult<'chat'>);
      return request;
    },
    summarize: () => {
      throw new Error('no summaries in this bench');
    },
  } as unknown as AgentLlm;
}

function benchConfig(): Config {
  return parseConfig({
    aiName: 'bench',
    stateDir: tempDir('bench-agent'),
    logLevel: 'silent',
    remoteSystems: [{ name: 'web1', address: '192.0.2.10' }],
    llm: { contextTokens: 8192 },
  });
}

function agentFor(config: Config, scenarioName: string, llm: AgentLlm) {
  const scenario = loadScenarios(join(REPO_ROOT, 'scenarios')).find((s) => s.name === scenarioName)!;
  const executor = new Executor({ config, runners: new RunnerPool(config), openIssueUnits: () => ['nginx.service'] });
  return createAgent({
    config: () => config,
    llm,
    executor,
    runners: new RunnerPool(config),
    systems: {
      list: () => [
        systemEntry('local', 'local'),
        systemEntry('web1', 'managed', { address: '192.0.2.10', role: 'web' }),
      ],
    },
    toolbox: new ReplayToolbox(scenario, executor),
    modelCapabilities: async () => ['completion', 'tools'],
    snapshot: async () => {
      throw new Error('no snapshots in this bench');
    },
  });
}

const bench: Bench = {
  title: 'agent',
  async run() {
    const figures: BenchFigure[] = [];
    // Overhead per step.
    {
      const config = benchConfig();
      const steps = config.agent.maxSteps;
      let turn = 0;
      const llm = instantModel(() =>
        ++turn % steps === 0
          ? { role: 'assistant', content: 'nginx cannot bind port 80.', toolCalls: [] }
          : {
              role: 'assistant',
              content: '',
              toolCalls: [{ name: 'view_logs', arguments: { host: 'web1', lines: 100 + (turn % steps) } }],
            },
      );
      const agent = agentFor(config, 'failed-nginx', llm);
      const perStep: number[] = [];
      for (let i = 0; i < WARMUP + RUNS; i++) {
        const result = await agent.run({
          mode: 'diagnosis',
          message: 'nginx.service failed on web1',
          history: [],
          host: 'web1',
        });
        if (result.error) throw new Error(`${result.error.code}: ${result.error.message}`);
        if (i >= WARMUP) perStep.push(result.durationMs / result.steps);
      }
      const value = median(perStep);
      figures.push({
        name: `agent overhead per step (median of ${RUNS} runs of ${steps} turns, instant model)`,
        value,
        unit: 'ms',
        target: '<= 10 ms',
        met: value <= 10,
        note: 'in-process LlmRequest resolved at once; tools replayed from scenarios/failed-nginx.yaml through the real policy',
      });
    }
    // Prompt of one autonomous diagnosis.
    {
      const config = benchConfig();
      const seen: ChatJobInput[] = [];
      const llm = instantModel((input) => {
        const tools = input.messages.filter((m) => m.role === 'tool').length;
        if (tools === 0)
          return {
            role: 'assistant',
            content: '',
            toolCalls: [{ name: 'check_service', arguments: { host: 'web1', unit: 'nginx' } }],
          };
        if (tools === 1)
          return {
            role: 'assistant',
            content: '',
            toolCalls: [{ name: 'view_logs', arguments: { host: 'web1', unit: 'nginx', lines: 50 } }],
          };
        return { role: 'assistant', content: 'Caddy holds port 80, so nginx cannot bind it.', toolCalls: [] };
      }, seen);
      const agent = agentFor(config, 'failed-nginx', llm);
      const result = await agent.run({
        mode: 'diagnosis',
        message: 'Issue #12 on web1: unit nginx.service failed (Result: exit-code). Diagnose it.',
        history: [],
        host: 'web1',
        issueIds: [12],
      });
      if (result.error) throw new Error(`${result.error.code}: ${result.error.message}`);
      const definitions = estimateTokens(JSON.stringify(toolDefinitions()));
      const sizes = seen.map((input) => totalTokens(input.messages.map((m) => ({ ...m }))) + definitions);
      const last = seen
        .at(-1)!
        .messages.map((m) => m.content)
        .join('\n');
      if (!last.includes('Active: failed') || !last.includes('bind() to 0.0.0.0:80 failed'))
        throw new Error('the last prompt lacks the unit status or its error lines');
      const largest = Math.max(...sizes);
      figures.push({
        name: 'prompt of one autonomous diagnosis of a failed unit (largest of its turns, contextTokens 8192)',
        value: largest,
        unit: 'tokens',
        target: '<= 6000',
        met: largest <= 6000,
        note: `${seen.length} turns: ${sizes.join(', ')} tokens (estimateTokens, tool definitions ${definitions})`,
      });
    }
    return figures;
  },
};
export default bench;
