/**
 * Every tool that runs a command on a host puts it to the executor with the request that led to
 * the run (`requestedBy`), and passes on what the executor said: its verdict in its own words,
 * and the command's output as data for the loop to fence and fit to its budget.
 */
import { errorMessage } from '@ai-sysadmin/core';
import { type ActionOutcome, outcomeParts } from '@ai-sysadmin/executor';
import type { ProposedAction, ToolOutput, ToolProposal } from './agent-tool.js';
import type { ToolContext } from './tool-context.js';

export async function proposeCommand(context: ToolContext, proposal: ToolProposal): Promise<ToolOutput> {
  const command = proposal.argv.join(' ');
  let outcome: ActionOutcome;
  try {
    outcome = await context.executor.propose({
      host: proposal.host,
      argv: [...proposal.argv],
      sudo: proposal.sudo ?? false,
      reason: proposal.reason,
      requestedBy: context.origin,
    });
  } catch (error) {
    const message = errorMessage(error);
    return {
      ok: false,
      summary: `refused: ${message}`,
      facts: `status: refused\nreason: ${message}`,
      action: {
        id: null,
        status: 'refused',
        host: proposal.host,
        command,
        risk: 'unknown',
        verdict: 'deny',
        reason: message,
      },
    };
  }
  return outputOfOutcome(outcome, proposal.host, command);
}

export function outputOfOutcome(outcome: ActionOutcome, host: string, command: string): ToolOutput {
  const parts = outcomeParts(outcome);
  const display = outcome.action?.display[0] ?? command;
  const action: ProposedAction = {
    id: outcome.action?.id ?? null,
    status: outcome.status,
    host,
    command: display,
    risk: outcome.decision.risk,
    verdict: outcome.decision.verdict,
    reason: outcome.decision.reason,
  };
  const ok = outcome.status === 'executed' ? outcome.ok : outcome.status === 'pending';
  const summary =
    outcome.status === 'executed'
      ? `ran ${display}: ${outcome.ok ? 'ok' : 'failed'}`
      : outcome.status === 'pending'
        ? `action #${outcome.action.id} waits for approval (${outcome.decision.risk})`
        : `refused (${outcome.decision.risk}): ${outcome.decision.reason}`;
  return {
    ok,
    summary,
    facts: parts
      .filter((p) => !p.data)
      .map((p) => p.facts)
      .join('\n'),
    data: parts.flatMap((p) => (p.data ? [p.data] : [])),
    // A read the policy let run is not an action a person needs to hear about.
    ...(outcome.status === 'executed' && outcome.decision.risk === 'read-only' ? {} : { action }),
  };
}
