/**
 * Each subcommand's one-line summary, in the order `--help` lists them: the one text the usage
 * list, the subcommand's own `--help` and a not-yet-built subcommand's stub all show.
 */
export const SUBCOMMAND_SUMMARIES = {
  chat: 'talk with the assistant in your terminal',
  ask: 'ask one question and print the answer',
  check: 'check the health of this machine and managed hosts now',
  approve: 'list, discuss, approve or reject pending actions',
  logs: "show the assistant's logs and audit trail",
  issues: 'list and manage tracked issues',
  knowledge: 'search and add to what the assistant has learnt',
  systems: 'list managed systems and their state',
  configs: 'index and search configuration files',
  notify: 'send or test a phone notification',
  status: 'show whether the daemon, worker, Redis, Ollama and ChromaDB are up',
  daemon: 'run the background service (<aiName>-ai.service)',
  trigger: 'tell the daemon a unit failed, so it checks at once (for OnFailure=)',
  worker: 'run the LLM queue worker (<aiName>-ollama-worker.service)',
  policy: 'show what the executor would do with a command, without running it',
  config: 'check, show or describe the configuration',
  eval: 'score the configured model on the shipped agent scenarios',
  'install-commands': 'write the <aiName>-<command> wrappers (off NixOS; the module installs them there)',
  completion: 'print shell completion for bash, zsh or fish',
} as const;

/** The subcommands people type, each also installed as `<aiName>-<subcommand>` (module.nix lists the same). */
export const USER_COMMANDS = [
  'chat',
  'ask',
  'check',
  'approve',
  'logs',
  'issues',
  'knowledge',
  'systems',
  'configs',
  'notify',
  'status',
] as const satisfies readonly SubcommandName[];

export type SubcommandName = keyof typeof SUBCOMMAND_SUMMARIES;
