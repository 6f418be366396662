/**
 * Every subcommand of the binary, in the order `--help` lists them. A module is loaded only when
 * its subcommand runs, so `check` never pays for the queue or vector-store clients.
 */
import type { Command } from 'commander';

export interface SubcommandModule {
  /** Builds the commander command; its action does the work. */
  createCommand(): Command;
}

export interface Subcommand {
  name: string;
  summary: string;
  load(): Promise<SubcommandModule>;
}

export const SUBCOMMANDS: Subcommand[] = [
  { name: 'chat', summary: 'talk with the assistant in your terminal', load: () => import('./commands/chat.js') },
  { name: 'ask', summary: 'ask one question and print the answer', load: () => import('./commands/ask.js') },
  { name: 'check', summary: 'check the health of this machine and managed hosts now', load: () => import('./commands/check.js') },
  { name: 'approve', summary: 'list, discuss, approve or reject pending actions', load: () => import('./commands/approve.js') },
  { name: 'logs', summary: "show the assistant's logs and audit trail", load: () => import('./commands/logs.js') },
  { name: 'issues', summary: 'list and manage tracked issues', load: () => import('./commands/issues.js') },
  { name: 'knowledge', summary: 'search and add to what the assistant has learnt', load: () => import('./commands/knowledge.js') },
  { name: 'systems', summary: 'list managed systems and their state', load: () => import('./commands/systems.js') },
  { name: 'configs', summary: 'index and search configuration files', load: () => import('./commands/configs.js') },
  { name: 'notify', summary: 'send or test a phone notification', load: () => import('./commands/notify.js') },
  { name: 'status', summary: 'show whether the daemon, worker, Redis, Ollama and ChromaDB are up', load: () => import('./commands/status.js') },
  { name: 'daemon', summary: 'run the background service (<aiName>-ai.service)', load: () => import('./commands/daemon.js') },
  { name: 'trigger', summary: 'tell the daemon a unit failed, so it checks at once (for OnFailure=)', load: () => import('./commands/trigger.js') },
  { name: 'worker', summary: 'run the LLM queue worker (<aiName>-ollama-worker.service)', load: () => import('./commands/worker.js') },
  { name: 'policy', summary: 'show what the executor would do with a command, without running it', load: () => import('./commands/policy.js') },
  { name: 'config', summary: 'check, show or describe the configuration', load: () => import('./commands/config.js') },
];

export function findSubcommand(name: string): Subcommand | undefined {
  return SUBCOMMANDS.find((s) => s.name === name);
}
