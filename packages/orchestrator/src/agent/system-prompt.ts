/**
 * The system prompt, built for each run from what is true now: the assistant's name, its autonomy
 * level and what that lets it do, the managed systems and their OS, the open issues, what the
 * knowledge base and past issues say about the request (or one line saying they are unavailable),
 * the behaviour rules, and the data-fence rules. Bounded: long lists are cut with a count.
 */
import {
  type AutonomyLevel,
  DATA_FENCE_RULES,
  type KnowledgeEntry,
  type SearchOutcome,
  type SystemEntry,
} from '@ai-sysadmin/core';
import type { DiscussionContext } from '@ai-sysadmin/executor';
import type { AgentMode, OpenIssue, PastIssue } from './agent-contract.js';

export const AUTONOMY_MEANING: Record<AutonomyLevel, string> = {
  observe: 'observe: you may only look. Every change is refused; say what a person should do instead.',
  suggest: "suggest: you may look freely; every change you propose waits for a person's approval.",
  'auto-safe':
    'auto-safe: you may look freely; low-risk changes (restarting a failed non-critical service) run at once, anything more waits for approval.',
  'auto-full':
    'auto-full: you may look freely; low and medium-risk changes run at once, high-risk ones (reboots, config switches, several hosts) wait for approval.',
};

export const BEHAVIOUR_RULES = [
  'Use tools to find facts before you answer; never guess a value a tool can tell you. Call each tool once with the same arguments: its result does not change within this conversation.',
  'An acknowledgement such as "thanks", "ok" or "got it" is not a request: answer briefly and call no tool.',
  'Change things only through the tools. The policy decides what runs; a refused or pending action is not a failure of yours: report it and what a person can do.',
  'To change a NixOS system, propose a configuration change with propose_nixos_change; never edit files or run imperative package commands.',
  'Nix builds and switches can take many minutes: be patient, do not retry them, and say that they take time.',
  'When you are not sure, say so, and say what would settle it. Keep answers short and concrete: what is wrong, why, what was done, what a person should do next.',
  'A host must be "local" or the name of a managed system.',
].join('\n- ');

export interface PromptFacts {
  readonly aiName: string;
  readonly mode: AgentMode;
  readonly autonomy: AutonomyLevel;
  readonly systems: readonly SystemEntry[];
  readonly openIssues: readonly OpenIssue[];
  readonly knowledge?: SearchOutcome<KnowledgeEntry>;
  readonly pastIssues?: SearchOutcome<PastIssue>;
  readonly discussion?: DiscussionContext;
  readonly now: Date;
}

const MAX_SYSTEMS = 20;
const MAX_ISSUES = 10;
const HIT_CHARS = 400;

const cut = (text: string, chars: number) => (text.length > chars ? `${text.slice(0, chars)}...` : text);

function listed<T>(items: readonly T[], max: number, line: (item: T) => string, empty: string): string {
  if (items.length === 0) return `- ${empty}`;
  const lines = items.slice(0, max).map((item) => `- ${line(item)}`);
  if (items.length > max) lines.push(`- ... and ${items.length - max} more`);
  return lines.join('\n');
}

function searched<T>(outcome: SearchOutcome<T> | undefined, what: string, line: (hit: T) => string): string {
  if (!outcome) return `- ${what} is not available in this run; go on without it.`;
  if (!outcome.available) return `- ${what} is unavailable (${outcome.reason}); go on without it.`;
  return listed(outcome.hits, 3, line, 'nothing relevant found');
}

export function systemPrompt(facts: PromptFacts): string {
  const modeLine =
    facts.mode === 'diagnosis'
      ? 'You are diagnosing an issue the background check found. Find the cause with the tools, fix it through the tools when the policy allows, and end with a short diagnosis: cause, evidence, what was done or proposed.'
      : facts.mode === 'discuss'
        ? 'A person is discussing a pending action with you before approving or rejecting it. Explain it honestly, including its risks.'
        : 'A person is asking you about the systems you look after. Answer their question.';
  const sections = [
    `You are ${facts.aiName}, the system administrator of a small fleet of Linux and NixOS machines. It is ${facts.now.toISOString()}.`,
    modeLine,
    `Autonomy level ${AUTONOMY_MEANING[facts.autonomy]}`,
    `Systems (only these names are valid as host):\n${listed(
      facts.systems.filter((s) => s.kind !== 'candidate'),
      MAX_SYSTEMS,
      (s) =>
        `${s.name}: ${s.kind === 'local' ? 'this machine' : (s.address ?? 'managed')}, os ${s.os ?? 'unknown'}, ${s.status}${s.role ? `, ${s.role}` : ''}`,
      'local: this machine',
    )}`,
    `Open issues:\n${listed(facts.openIssues, MAX_ISSUES, (i) => `#${i.id} ${i.host} ${i.severity}: ${i.title}`, 'none')}`,
    `What you learned before that may be relevant:\n${searched(facts.knowledge, 'The knowledge base', (k) => `${k.topic}: ${cut(k.content, HIT_CHARS)}`)}`,
    `Similar past issues:\n${searched(facts.pastIssues, 'The issue history', (i) => `#${i.id} ${i.host} ${i.title}${i.resolution ? ` -> ${cut(i.resolution, HIT_CHARS)}` : ''}`)}`,
    ...(facts.discussion ? [discussionSection(facts.discussion)] : []),
    `Rules:\n- ${BEHAVIOUR_RULES}`,
    DATA_FENCE_RULES,
  ];
  return sections.join('\n\n');
}

function discussionSection(d: DiscussionContext): string {
  return [
    `Pending action #${d.action.id}: ${d.action.display.join('; ')}`,
    `asked for by ${d.request.kind}${d.request.user ? ` ${d.request.user}` : ''}: ${cut(d.request.text, 1000)}`,
    `reason: ${d.reason}`,
    ...(d.explanation ? [`explanation: ${cut(d.explanation, 2000)}`] : []),
    `policy when proposed: ${d.policyAtProposal.verdict} (${d.policyAtProposal.risk}): ${d.policyAtProposal.reason}`,
    `policy now: ${d.policyNow.verdict} (${d.policyNow.risk}): ${d.policyNow.reason}`,
  ].join('\n');
}
