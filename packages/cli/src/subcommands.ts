/**
 * Every subcommand of the binary, in the order `--help` lists them (their summaries are in
 * subcommand-summaries.ts). A module is loaded only when its subcommand runs, so `check` never
 * pays for the queue or vector-store clients.
 */
import type { Command } from 'commander';
import { SUBCOMMAND_SUMMARIES, type SubcommandName } from './subcommand-summaries.js';

export interface SubcommandModule {
  /** Builds the commander command; its action does the work. `completion` is given the list of subcommands. */
  createCommand(context: { subcommands: readonly Subcommand[] }): Command;
}

export interface Subcommand {
  name: SubcommandName;
  summary: string;
  load(): Promise<SubcommandModule>;
}

const LOADERS: Record<SubcommandName, () => Promise<SubcommandModule>> = {
  chat: () => import('./commands/chat.js'),
  ask: () => import('./commands/ask.js'),
  check: () => import('./commands/check.js'),
  approve: () => import('./commands/approve.js'),
  logs: () => import('./commands/logs.js'),
  issues: () => import('./commands/issues.js'),
  knowledge: () => import('./commands/knowledge.js'),
  systems: () => import('./commands/systems.js'),
  configs: () => import('./commands/configs.js'),
  notify: () => import('./commands/notify.js'),
  status: () => import('./commands/status.js'),
  daemon: () => import('./commands/daemon.js'),
  trigger: () => import('./commands/trigger.js'),
  worker: () => import('./commands/worker.js'),
  policy: () => import('./commands/policy.js'),
  config: () => import('./commands/config.js'),
  eval: () => import('./commands/eval.js'),
  'install-commands': () => import('./commands/install-commands.js'),
  completion: () => import('./commands/completion.js'),
};

export const SUBCOMMANDS: Subcommand[] = (Object.keys(SUBCOMMAND_SUMMARIES) as SubcommandName[]).map((name) => ({
  name,
  summary: SUBCOMMAND_SUMMARIES[name],
  load: LOADERS[name],
}));

export function findSubcommand(name: string): Subcommand | undefined {
  return SUBCOMMANDS.find((s) => s.name === name);
}
