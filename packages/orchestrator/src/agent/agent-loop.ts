/**
 * One run of the agent: the prompt, then model turns until it answers. Each turn is a chat job on
 * the LLM queue (interactive for a person, autonomous for a diagnosis); its tokens stream out as
 * `token` events; its tool calls are checked (known tool, valid arguments, a managed host), run
 * through the toolbox, fitted to their budget and fenced as data. The rules of the loop:
 *
 * - at most `agent.maxSteps` model turns; past them the run ends with AGENT_STEP_LIMIT;
 * - a call identical to one already answered in this run is answered from that result;
 * - a malformed call gets one corrective message, and a second ends the run with a clear error;
 * - the messages are pruned to `llm.contextTokens` before each turn (oldest tool results first);
 * - `format` is never sent together with `tools`;
 * - the signal cancels the queue job in flight; the run ends with `cancelled`.
 *
 * Every run, answered or not, is one line of the decisions log.
 */
import {
  AiSysadminError,
  type ChatMessage,
  type ChatEvent,
  type Config,
  type HostSnapshot,
  type Logger,
  type PriorityClass,
  type ToolCall,
  estimateTokens,
  errorMessage,
} from '@ai-sysadmin/core';
import type { Executor, RequestOrigin } from '@ai-sysadmin/executor';
import { JobCancelledError, ToolCallFormatError } from '@ai-sysadmin/worker';
import type { MessageDraft } from '../notifications/outbox.js';
import type { AgentRequest, AgentResult, KnowledgeBase, OpenIssue, SystemsView } from './agent-contract.js';
import type { CapabilityCheck } from './capability-check.js';
import type { AgentLlm } from './agent-llm.js';
import type { DecisionRecord, DecisionsLog } from './decisions-log.js';
import { AgentRunError } from '../errors/agent-run-error.js';
import { pruneHistory, totalTokens } from './history-pruning.js';
import { systemPrompt } from './system-prompt.js';
import { fitToolOutput } from './tool-result-budget.js';
import { type Toolbox, parseCall } from './toolbox.js';
import type { ProposedAction } from './tools/agent-tool.js';
import type { ToolContext } from './tools/tool-context.js';
import { toolDefinitions } from './tools/tool-catalog.js';

export interface LoopDeps {
  readonly config: Config;
  readonly llm: AgentLlm;
  readonly executor: Executor;
  readonly systems: SystemsView;
  readonly knowledge?: KnowledgeBase;
  readonly openIssues: () => readonly OpenIssue[];
  readonly notify?: (draft: MessageDraft) => unknown;
  readonly toolbox: Toolbox;
  readonly capabilities: CapabilityCheck;
  readonly decisions: DecisionsLog;
  readonly logger: Logger;
  readonly snapshot: (host: string, signal?: AbortSignal) => Promise<HostSnapshot>;
  readonly localHardware: () => Promise<string>;
}

type RunError = NonNullable<AgentResult['error']>;
type ToolRecord = DecisionRecord['tools'][number];

/** Knowledge hits the prompt carries. */
const PROMPT_HITS = 3;

export async function runAgent(request: AgentRequest, deps: LoopDeps): Promise<AgentResult> {
  const started = performance.now();
  const { config } = deps;
  const emit = (event: ChatEvent) => {
    try {
      request.onEvent?.(event);
    } catch (error) {
      deps.logger.debug({ err: errorMessage(error) }, 'an event listener failed');
    }
  };
  const priority: PriorityClass = request.mode === 'diagnosis' ? 'autonomous' : 'interactive';
  const timeout = request.mode === 'diagnosis' ? undefined : AbortSignal.timeout(config.agent.answerTimeoutSec * 1000);
  const signals = [request.signal, timeout].filter((s): s is AbortSignal => s !== undefined);
  const signal = signals.length ? AbortSignal.any(signals) : undefined;

  const promptTokens: number[] = [];
  const tools: ToolRecord[] = [];
  const actions: ProposedAction[] = [];
  let counted = 0;
  let steps = 0;
  const finish = (answer: string, error?: RunError): AgentResult => {
    const durationMs = Math.round(performance.now() - started);
    const result: AgentResult = {
      answer,
      steps,
      promptTokens: counted,
      durationMs,
      actions: actions.map((a) => ({ id: a.id, status: a.status, command: a.command })),
      ...(error ? { error } : {}),
    };
    try {
      deps.decisions.append({
        at: new Date().toISOString(),
        mode: request.mode,
        model: config.model,
        ...(request.host ? { host: request.host } : {}),
        ...(request.user ? { user: request.user } : {}),
        ...(request.issueIds?.length ? { issueIds: request.issueIds } : {}),
        request: request.message.slice(0, 2000),
        steps,
        promptTokens,
        promptTokensCounted: counted,
        tools,
        actions: actions.map((a) => ({ id: a.id, status: a.status, command: a.command, risk: a.risk })),
        answer,
        ...(error ? { error: { code: error.code, message: error.message } } : {}),
        durationMs,
      });
    } catch (logError) {
      deps.logger.warn({ err: errorMessage(logError) }, 'could not write the decisions log');
    }
    emit(error ? { type: 'error', ...error } : { type: 'done', answer, steps, promptTokens: counted, durationMs });
    return result;
  };
  const failure = (error: unknown): RunError => {
    if (signal?.aborted || error instanceof JobCancelledError) {
      return timeout?.aborted && !request.signal?.aborted
        ? {
            code: AgentRunError.TIMEOUT,
            message: `No answer within agent.answerTimeoutSec (${config.agent.answerTimeoutSec} s).`,
            hint: 'Ask a narrower question, or raise agent.answerTimeoutSec.',
          }
        : { code: AgentRunError.CANCELLED, message: 'The run was cancelled.' };
    }
    if (error instanceof AiSysadminError)
      return { code: error.code, message: error.message, ...(error.hint ? { hint: error.hint } : {}) };
    return { code: 'AGENT_FAILED', message: errorMessage(error) };
  };

  try {
    await deps.capabilities.requireTools(config.model);
  } catch (error) {
    return finish('', failure(error));
  }

  const origin: RequestOrigin =
    request.mode === 'diagnosis'
      ? {
          kind: 'issue',
          text: request.message.slice(0, 20_000),
          ...(request.issueIds?.length ? { issueId: String(request.issueIds[0]) } : {}),
        }
      : { kind: 'user', text: request.message.slice(0, 20_000), ...(request.user ? { user: request.user } : {}) };

  const [knowledge, pastIssues] = await Promise.all([
    deps.knowledge
      ?.searchKnowledge(request.message, PROMPT_HITS)
      .catch((e: unknown) => ({ available: false as const, reason: errorMessage(e) })),
    deps.knowledge
      ?.searchIssues(request.message, PROMPT_HITS)
      .catch((e: unknown) => ({ available: false as const, reason: errorMessage(e) })),
  ]);
  let discussion;
  if (request.mode === 'discuss' && request.actionId !== undefined) {
    try {
      discussion = deps.executor.discussion(request.actionId);
    } catch (error) {
      return finish('', failure(error));
    }
  }
  const system = systemPrompt({
    aiName: config.aiName,
    mode: request.mode,
    autonomy: config.autonomyLevel,
    systems: deps.systems.list(),
    openIssues: deps.openIssues(),
    ...(knowledge ? { knowledge } : {}),
    ...(pastIssues ? { pastIssues } : {}),
    ...(discussion ? { discussion } : {}),
    now: new Date(),
  });
  const messages: ChatMessage[] = [
    { role: 'system', content: system },
    ...request.history.map((turn) => ({ role: turn.role, content: turn.text }) satisfies ChatMessage),
    { role: 'user', content: request.message },
  ];
  let requestIndex = messages.length - 1;

  const definitions = toolDefinitions(deps.toolbox.tools);
  const definitionTokens = estimateTokens(JSON.stringify(definitions));
  const contextBudget = config.llm.contextTokens - config.llm.answerTokens - definitionTokens;
  const resultTokens = Math.floor(config.llm.contextTokens * config.agent.toolResultShare);
  const toolCache = deps.executor.toolCache;
  const snapshots = new Map<string, Promise<HostSnapshot>>();
  const context: ToolContext = {
    config,
    executor: deps.executor,
    systems: deps.systems,
    ...(deps.knowledge ? { knowledge: deps.knowledge } : {}),
    ...(deps.notify ? { notify: deps.notify } : {}),
    openIssues: deps.openIssues,
    toolCache,
    origin,
    ...(signal ? { signal } : {}),
    resultTokens,
    snapshot: (host) => {
      let snapshot = snapshots.get(host);
      if (!snapshot) {
        snapshot = deps.snapshot(host, signal);
        snapshots.set(host, snapshot);
      }
      return snapshot;
    },
    localHardware: deps.localHardware,
  };

  const answered = new Map<string, string>();
  // The turn that got the one correction: every malformed call of that turn is corrected, a later one ends the run.
  let correctedAt: number | undefined;
  let nudged = false;
  const malformed = (problem: string): RunError | undefined => {
    if (correctedAt === undefined || correctedAt === steps) {
      correctedAt = steps;
      return undefined;
    }
    return {
      code: AgentRunError.MALFORMED_CALLS,
      message: `The model ${config.model} made a malformed tool call again after it was corrected: ${problem}`,
      hint: 'Try again, or use a model that follows tool schemas better (qwen3:8b, llama3.1:8b).',
    };
  };

  try {
    while (steps < config.agent.maxSteps) {
      steps++;
      requestIndex = pruneHistory(messages, contextBudget, requestIndex).requestIndex;
      promptTokens.push(totalTokens(messages) + definitionTokens);
      // `format` is never set: with tools it makes small models answer JSON instead of calling them.
      const job = deps.llm.chat(
        {
          messages: [...messages],
          tools: definitions,
          options: { temperature: 0.2, maxTokens: config.llm.answerTokens },
        },
        { priority, ...(signal ? { signal } : {}) },
      );
      const streamed = (async () => {
        for await (const text of job.tokens()) emit({ type: 'token', text });
      })();
      let result;
      try {
        result = await job;
      } catch (error) {
        await streamed.catch(() => undefined);
        if (error instanceof ToolCallFormatError) {
          const stop = malformed(error.message);
          if (stop) return finish('', stop);
          messages.push({
            role: 'user',
            content: `Your last tool call could not be read (${error.message}). Call a tool with a JSON object of arguments that follows its schema, or answer in plain text.`,
          });
          continue;
        }
        throw error;
      }
      await streamed.catch(() => undefined);
      counted += result.promptTokens;
      const message = result.message;
      if (message.toolCalls.length === 0) {
        if (message.content.trim() !== '') return finish(message.content.trim());
        // An empty answer (a model that only thought) is asked for once more, then is an error.
        if (nudged)
          return finish('', {
            code: AgentRunError.EMPTY_ANSWER,
            message: `The model ${config.model} gave an empty answer twice.`,
            hint: 'Try again; if it keeps happening, try another model.',
          });
        nudged = true;
        messages.push({ role: 'user', content: 'Your answer was empty. Answer in plain text now.' });
        continue;
      }
      messages.push({ role: 'assistant', content: message.content, toolCalls: message.toolCalls });
      for (const [index, call] of message.toolCalls.entries()) {
        const stop = await answerCall(call, `${steps}.${index + 1}`);
        if (stop) return finish('', stop);
      }
    }
    return finish('', {
      code: AgentRunError.STEP_LIMIT,
      message: `The run stopped after ${config.agent.maxSteps} model turns (agent.maxSteps) without an answer.`,
      hint: 'Ask a narrower question, or raise agent.maxSteps.',
    });
  } catch (error) {
    return finish('', failure(error));
  }

  async function answerCall(call: ToolCall, callId: string): Promise<RunError | undefined> {
    const parsed = parseCall(call, deps.toolbox.tools, context);
    if (parsed.kind === 'malformed') {
      tools.push({
        tool: call.name,
        host: hostOf(call.arguments),
        args: call.arguments,
        ok: false,
        verdict: 'malformed',
        summary: parsed.problem,
        durationMs: 0,
      });
      const stop = malformed(parsed.problem);
      if (stop) return stop;
      messages.push({
        role: 'tool',
        toolName: call.name,
        content: `Malformed call: ${parsed.problem}. Correct it and call again, or answer in plain text.`,
      });
      return undefined;
    }
    // Identical after defaults: {"unit":"nginx"} and {"unit":"nginx","host":"local"} are one call.
    const key = `${call.name} ${stableJson(parsed.kind === 'ok' ? parsed.args : call.arguments)}`;
    const earlier = answered.get(key);
    if (earlier !== undefined) {
      messages.push({
        role: 'tool',
        toolName: call.name,
        content: `This exact call was already answered earlier in this conversation; its result has not changed:\n\n${earlier}`,
      });
      tools.push({
        tool: call.name,
        host: parsed.host,
        args: call.arguments,
        ok: true,
        verdict: 'cached',
        summary: 'answered from this run',
        durationMs: 0,
      });
      return undefined;
    }
    emit({ type: 'tool-started', callId, tool: parsed.tool.name, host: parsed.host, args: call.arguments });
    const toolStarted = performance.now();
    let content: string;
    let ok: boolean;
    let summary: string;
    let verdict = 'run';
    if (parsed.kind === 'refused') {
      content = `refused: ${parsed.problem}`;
      ok = false;
      summary = content;
      verdict = 'refused';
    } else {
      let output;
      try {
        output = await deps.toolbox.invoke(parsed.tool, parsed.args, context);
      } catch (error) {
        if (signal?.aborted) throw error;
        output = {
          ok: false,
          summary: `failed: ${errorMessage(error)}`,
          facts: `the tool failed: ${errorMessage(error)}`,
        };
      }
      const fitted = await fitToolOutput(output, {
        tokens: resultTokens,
        toolCache,
        llm: deps.llm,
        priority,
        focus: request.message,
        ...(signal ? { signal } : {}),
      });
      content = fitted.content;
      ok = output.ok;
      summary = output.summary;
      if (output.action) {
        verdict = output.action.verdict;
        actions.push(output.action);
        announce(output.action);
      }
    }
    const durationMs = Math.round(performance.now() - toolStarted);
    emit({ type: 'tool-finished', callId, tool: parsed.tool.name, host: parsed.host, durationMs, ok, summary });
    tools.push({ tool: parsed.tool.name, host: parsed.host, args: call.arguments, ok, verdict, summary, durationMs });
    answered.set(key, content);
    messages.push({ role: 'tool', toolName: parsed.tool.name, content });
    return undefined;
  }

  function announce(action: ProposedAction): void {
    if (action.status === 'pending' && action.id !== null)
      emit({
        type: 'action-pending',
        actionId: action.id,
        host: action.host,
        command: action.command,
        risk: action.risk,
        reason: action.reason,
        approveWith: `${config.aiName}-approve approve ${action.id}`,
      });
    else if (action.status === 'executed' && action.id !== null)
      emit({
        type: 'action-ran',
        actionId: action.id,
        host: action.host,
        command: action.command,
        status: action.status,
      });
  }
}

function hostOf(args: Record<string, unknown>): string {
  return typeof args.host === 'string' ? args.host : 'local';
}

/** JSON with keys sorted at every level, so {a,b} and {b,a} are the same call. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(value);
}
