/**
 * `ai-sysadmin eval`: each scenario run against the configured model through the real LLM queue,
 * with its tool outputs replayed (nothing runs on a host; proposals are judged by the real policy
 * and never executed), then scored expectation by expectation.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type Config,
  type HostSnapshot,
  LOCAL_HOST,
  type SystemEntry,
  createLogger,
  remoteSystemSchema,
} from '@ai-sysadmin/core';
import { Executor, RunnerPool } from '@ai-sysadmin/executor';
import type { AgentLlm } from '../agent-llm.js';
import type { AgentResult, OpenIssue } from '../agent-contract.js';
import { createAgent } from '../create-agent.js';
import { replayKnowledge } from './replay-knowledge.js';
import { type ReplayProposal, ReplayToolbox } from './replay-toolbox.js';
import type { ActionMatch, Scenario } from './scenario.js';

export interface ExpectationResult {
  /** In words: `calls check_service`, `proposes restart_service "nginx"`, `answer says "port 80"`. */
  readonly expectation: string;
  readonly pass: boolean;
  readonly detail?: string;
}

export interface ScenarioResult {
  readonly name: string;
  readonly pass: boolean;
  readonly passed: number;
  readonly total: number;
  readonly expectations: readonly ExpectationResult[];
  readonly steps: number;
  readonly promptTokens: number;
  readonly durationMs: number;
  readonly calls: readonly string[];
  readonly proposals: readonly string[];
  readonly answer: string;
  readonly error?: AgentResult['error'];
}

export interface EvalReport {
  readonly model: string;
  readonly scenarios: readonly ScenarioResult[];
  /** Scenarios whose every expectation held. */
  readonly passed: number;
  /** Share of all expectations that held, 0..1. */
  readonly score: number;
}

export interface EvalOptions {
  readonly config: Config;
  readonly llm: AgentLlm;
  readonly scenarios: readonly Scenario[];
  /** Default: Ollama's /api/show. */
  readonly modelCapabilities?: (model: string) => Promise<readonly string[]>;
  readonly onScenario?: (result: ScenarioResult, index: number) => void;
}

export async function runEval(options: EvalOptions): Promise<EvalReport> {
  const results: ScenarioResult[] = [];
  for (const [index, scenario] of options.scenarios.entries()) {
    const result = await runScenario(scenario, options);
    results.push(result);
    options.onScenario?.(result, index);
  }
  const total = results.reduce((n, r) => n + r.total, 0);
  const passed = results.reduce((n, r) => n + r.passed, 0);
  return {
    model: options.config.model,
    scenarios: results,
    passed: results.filter((r) => r.pass).length,
    score: total === 0 ? 0 : passed / total,
  };
}

async function runScenario(scenario: Scenario, options: EvalOptions): Promise<ScenarioResult> {
  const stateDir = mkdtempSync(join(tmpdir(), `ai-sysadmin-eval-${scenario.name}-`));
  try {
    const config: Config = {
      ...options.config,
      stateDir,
      autonomyLevel: scenario.autonomy,
      remoteSystems: scenario.systems.map((s, i) =>
        remoteSystemSchema.parse({ name: s.name, address: `192.0.2.${10 + i}` }),
      ),
      logLevel: 'silent',
    };
    const issues = scenario.openIssues.map(openIssue);
    const executor = new Executor({
      config,
      runners: new RunnerPool(config),
      openIssueUnits: (host) => scenario.openIssues.filter((i) => i.host === host).map((i) => i.unit),
    });
    const toolbox = new ReplayToolbox(scenario, executor);
    const systems: SystemEntry[] = [
      system(LOCAL_HOST, 'local', 'NixOS', 'up'),
      ...scenario.systems.map((s) => system(s.name, 'managed', s.os, s.status, s.role)),
    ];
    const agent = createAgent({
      config: () => config,
      llm: options.llm,
      executor,
      runners: new RunnerPool(config),
      systems: { list: () => systems },
      knowledge: replayKnowledge(scenario),
      openIssues: () => issues,
      notify: () => undefined,
      toolbox,
      logger: createLogger({ level: 'silent', component: 'eval' }),
      ...(options.modelCapabilities ? { modelCapabilities: options.modelCapabilities } : {}),
      snapshot: async (host): Promise<HostSnapshot> => {
        throw new Error(`the eval collects no snapshot (of ${host}): every tool answer is recorded`);
      },
      localHardware: async () => 'recorded hardware: none given',
    });
    const result = await agent.run({
      mode: scenario.mode,
      message: scenario.prompt,
      history: scenario.history.map((t) => ({ ...t, at: '2025-01-01T00:00:00.000Z' })),
      user: 'eval',
      ...(scenario.openIssues[0] ? { issueIds: [scenario.openIssues[0].id], host: scenario.openIssues[0].host } : {}),
    });
    const expectations = judge(scenario, result, toolbox);
    const passed = expectations.filter((e) => e.pass).length;
    return {
      name: scenario.name,
      pass: passed === expectations.length,
      passed,
      total: expectations.length,
      expectations,
      steps: result.steps,
      promptTokens: result.promptTokens,
      durationMs: result.durationMs,
      calls: toolbox.calls.map((c) => c.tool),
      proposals: toolbox.proposals.map((p) => `${p.tool}: ${p.command.split('\n')[0]} (${p.status})`),
      answer: result.answer,
      ...(result.error ? { error: result.error } : {}),
    };
  } finally {
    rmSync(stateDir, { recursive: true, force: true });
  }
}

export function judge(scenario: Scenario, result: AgentResult, toolbox: ReplayToolbox): ExpectationResult[] {
  const e = scenario.expect;
  const called = toolbox.calls.map((c) => c.tool);
  const out: ExpectationResult[] = [];
  out.push({
    expectation: 'answers without error',
    pass: !result.error && result.answer.length > 0,
    ...(result.error ? { detail: `${result.error.code}: ${result.error.message}` } : {}),
  });
  for (const tool of e.calls) out.push({ expectation: `calls ${tool}`, pass: called.includes(tool) });
  for (const tool of e.noCalls) out.push({ expectation: `does not call ${tool}`, pass: !called.includes(tool) });
  if (e.maxCalls !== undefined)
    out.push({
      expectation: `at most ${e.maxCalls} tool call(s)`,
      pass: called.length <= e.maxCalls,
      detail: `${called.length} made`,
    });
  for (const match of e.propose)
    out.push({
      expectation: `proposes ${describeMatch(match)}`,
      pass: toolbox.proposals.some((p) => matches(p, match)),
    });
  for (const match of e.notPropose) {
    const found = toolbox.proposals.find((p) => matches(p, match));
    out.push({
      expectation: `does not propose ${describeMatch(match)}`,
      pass: !found,
      ...(found ? { detail: found.command.split('\n')[0]! } : {}),
    });
  }
  const answer = result.answer.toLowerCase();
  for (const words of e.answerContains)
    out.push({
      expectation: `answer says "${words}"`,
      pass: words
        .toLowerCase()
        .split('|')
        .some((w) => answer.includes(w.trim())),
    });
  return out;
}

function matches(p: ReplayProposal, match: ActionMatch): boolean {
  return (
    (!match.tool || p.tool === match.tool) &&
    (!match.contains || p.command.toLowerCase().includes(match.contains.toLowerCase()))
  );
}

function describeMatch(match: ActionMatch): string {
  return [match.tool ?? 'an action', match.contains ? `"${match.contains}"` : ''].filter(Boolean).join(' ');
}

function system(
  name: string,
  kind: SystemEntry['kind'],
  os: string | null,
  status: SystemEntry['status'],
  role: string | null = null,
): SystemEntry {
  return { name, kind, address: null, os, role, services: [], hardware: null, lastSeen: null, status };
}

function openIssue(i: Scenario['openIssues'][number]): OpenIssue {
  return { id: i.id, host: i.host, title: i.title, subject: i.unit, severity: 'warning', status: 'open' };
}
