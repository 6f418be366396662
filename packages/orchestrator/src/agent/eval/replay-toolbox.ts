/**
 * The eval's toolbox: nothing runs on a host. A call is answered with the output the scenario
 * recorded for that tool and those arguments; a command that would change something is judged by
 * the real policy (the executor's `evaluate`, with the scenario's open issues) and recorded as
 * proposed, never executed. Knowledge, systems and cache paging are the catalog's own tools over
 * the scenario's data.
 */
import { LOCAL_HOST } from '@ai-sysadmin/core';
import type { Executor } from '@ai-sysadmin/executor';
import type { Toolbox } from '../toolbox.js';
import type { AgentTool, ProposedAction, ToolOutput } from '../tools/agent-tool.js';
import { TOOL_CATALOG } from '../tools/tool-catalog.js';
import type { Scenario } from './scenario.js';

/** Tools whose real answer comes from the scenario's data, not from a host. */
const OWN_DATA_TOOLS = new Set([
  'list_managed_systems',
  'search_knowledge',
  'store_knowledge',
  'search_issues',
  'retrieve_cached_output',
  'send_notification',
]);

export interface ReplayCall {
  readonly tool: string;
  readonly args: Record<string, unknown>;
}

export interface ReplayProposal extends ProposedAction {
  readonly tool: string;
}

export class ReplayToolbox implements Toolbox {
  readonly tools: readonly AgentTool[] = TOOL_CATALOG;
  readonly calls: ReplayCall[] = [];
  readonly proposals: ReplayProposal[] = [];
  private nextId = 1;

  constructor(
    private readonly scenario: Scenario,
    private readonly executor: Executor,
  ) {}

  async invoke(
    tool: AgentTool,
    args: Record<string, unknown>,
    context: Parameters<Toolbox['invoke']>[2],
  ): Promise<ToolOutput> {
    this.calls.push({ tool: tool.name, args });
    if (OWN_DATA_TOOLS.has(tool.name)) return tool.run(args, context);
    const recorded = this.recorded(tool.name, args);
    if (tool.name === 'propose_nixos_change') return this.proposeNixos(args);
    if (tool.proposal) {
      const proposal = tool.proposal(args, context);
      const decision = this.executor.evaluate({
        host: proposal.host,
        argv: proposal.argv,
        sudo: proposal.sudo ?? false,
      });
      const command = proposal.argv.join(' ');
      const readOnly = decision.verdict === 'run' && decision.risk === 'read-only';
      if (!readOnly) {
        const status =
          decision.verdict === 'deny' ? 'refused' : decision.verdict === 'approval' ? 'pending' : 'executed';
        const id = status === 'refused' ? null : this.nextId++;
        const action: ProposedAction = {
          id,
          status,
          host: proposal.host,
          command,
          risk: decision.risk,
          verdict: decision.verdict,
          reason: decision.reason,
        };
        this.proposals.push({ ...action, tool: tool.name });
        const head = [
          `status: ${status}`,
          `verdict: ${decision.verdict} (${decision.risk}, autonomy ${decision.autonomy})`,
          `reason: ${decision.reason}`,
          ...(status === 'pending' ? [`action #${id} waits for a person's approval`] : []),
          ...(status === 'executed' ? ['ok: true'] : []),
        ].join('\n');
        return {
          ok: status !== 'refused',
          summary: `${status}: ${command}`,
          facts: head,
          ...(status === 'executed' && recorded
            ? { data: [{ text: recorded.output, label: { source: command, host: proposal.host } }] }
            : {}),
          action,
        };
      }
      if (!recorded) return nothingRecorded(tool.name, args);
      return {
        ok: recorded.ok,
        summary: `replayed ${tool.name}`,
        facts: `status: executed\nverdict: run (read-only)\nhost ${proposal.host}: exit ${recorded.ok ? 0 : 1}`,
        data: [{ text: recorded.output, label: { source: command, host: proposal.host, stream: 'stdout' } }],
      };
    }
    if (!recorded) return nothingRecorded(tool.name, args);
    return { ok: recorded.ok, summary: `replayed ${tool.name}`, facts: recorded.output };
  }

  private proposeNixos(args: Record<string, unknown>): ToolOutput {
    const host = typeof args.host === 'string' ? args.host : LOCAL_HOST;
    const id = this.nextId++;
    const command = `nixos change on ${host}: ${String(args.reason ?? '')}\n${String(args.diff ?? '')}`;
    const action: ProposedAction = {
      id,
      status: 'pending',
      host,
      command,
      risk: 'high',
      verdict: 'approval',
      reason: 'a configuration switch is high risk: it always waits for a person',
    };
    this.proposals.push({ ...action, tool: 'propose_nixos_change' });
    return {
      ok: true,
      summary: `NixOS change #${id} waits for approval`,
      facts: `status: pending\nverdict: approval (high)\nthe change built; action #${id} waits for a person's approval`,
      action,
    };
  }

  private recorded(tool: string, args: Record<string, unknown>) {
    return this.scenario.tools.find(
      (r) => r.tool === tool && Object.entries(r.args).every(([k, v]) => sameArg(v, args[k])),
    );
  }
}

/** A recorded argument matches loosely: a unit with or without `.service`, any case; an argv that starts with the recorded words. */
function sameArg(recorded: unknown, given: unknown): boolean {
  if (Array.isArray(recorded)) return Array.isArray(given) && recorded.every((word, i) => sameArg(word, given[i]));
  if (typeof recorded === 'string' && typeof given === 'string') {
    const norm = (s: string) =>
      s
        .trim()
        .toLowerCase()
        .replace(/\.service$/, '');
    return norm(recorded) === norm(given);
  }
  return JSON.stringify(recorded) === JSON.stringify(given);
}

function nothingRecorded(tool: string, args: Record<string, unknown>): ToolOutput {
  return {
    ok: false,
    summary: `no output recorded for ${tool}`,
    facts: `${tool} ${JSON.stringify(args)} gave no output (the host did not answer this call)`,
  };
}
