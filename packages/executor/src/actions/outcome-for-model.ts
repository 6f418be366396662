/**
 * What the model is told about an action it proposed: the executor's own facts in its own words
 * (status, verdict, risk, reason, exit code, what was cut and where the rest is kept), and
 * everything the command printed between data fences (core's `fenceData`), so a journal line or
 * a file that says "ignore your instructions" stays data. The agent passes this string on as the
 * tool result; its system prompt carries `DATA_FENCE_RULES`.
 *
 * `outcomeParts` gives the same facts and the unfenced outputs with their labels, for a caller
 * that fits the outputs to a budget before fencing them (the agent's tool-result budget).
 */
import { type FenceLabel, fenceData } from '@ai-sysadmin/core';
import type { ActionOutcome } from './action-outcome.js';

export interface OutcomePart {
  /** The executor's facts, in its own words. */
  readonly facts: string;
  /** What a command printed, to be fenced with its label. */
  readonly data?: { readonly text: string; readonly label: FenceLabel };
}

export function outcomeForModel(outcome: ActionOutcome): string {
  return outcomeParts(outcome)
    .map((part) => (part.data ? fenceData(part.data.text, part.data.label) : part.facts))
    .join('\n\n');
}

export function outcomeParts(outcome: ActionOutcome): OutcomePart[] {
  const { decision } = outcome;
  const head = [
    `status: ${outcome.status}`,
    `verdict: ${decision.verdict} (${decision.risk}, autonomy ${decision.autonomy})`,
    `reason: ${decision.reason}`,
  ];
  if (outcome.status === 'pending') head.push(`action #${outcome.action.id} waits for a person's approval`);
  if (outcome.status !== 'executed') return [{ facts: head.join('\n') }];
  head.push(`ok: ${outcome.ok}`);
  const parts: OutcomePart[] = [{ facts: head.join('\n') }];
  for (const run of outcome.runs) {
    if (!run.result) {
      parts.push({
        facts: `host ${run.host}: did not run (${run.error?.code ?? 'unknown'}): ${run.error?.message ?? ''}`,
      });
      continue;
    }
    const r = run.result;
    const facts = [
      `host ${run.host}: exit ${r.exitCode ?? 'none'}${r.signal ? `, signal ${r.signal}` : ''}${r.timedOut ? ', timed out' : ''}`,
      ...(r.outputLimited ? ['output reached its bound: the command was stopped and its output cut'] : []),
      ...(r.truncated && run.cached?.stdout
        ? [`stdout was cut; all of it is in the tool cache as ${run.cached.stdout}`]
        : []),
      ...(r.truncated && run.cached?.stderr
        ? [`stderr was cut; all of it is in the tool cache as ${run.cached.stderr}`]
        : []),
    ];
    parts.push({ facts: facts.join('\n') });
    const label = { source: run.display, host: run.host };
    if (r.stdout !== '')
      parts.push({
        facts: '',
        data: {
          text: r.stdout,
          label: { ...label, stream: 'stdout', bytes: r.stdoutBytes, cut: r.truncated, cacheId: run.cached?.stdout },
        },
      });
    if (r.stderr !== '')
      parts.push({
        facts: '',
        data: {
          text: r.stderr,
          label: { ...label, stream: 'stderr', bytes: r.stderrBytes, cut: r.truncated, cacheId: run.cached?.stderr },
        },
      });
  }
  for (const v of outcome.verification)
    parts.push({
      facts: `check on ${v.host}: ${v.held === null ? 'nothing to check' : v.held ? 'held' : 'did not hold'}: ${v.detail}`,
    });
  return parts;
}
