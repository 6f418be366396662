/** `ai-sysadmin chat` (`<aiName>-chat`): a conversation with the assistant in the terminal, through the daemon. */
import { Command } from 'commander';
import { DaemonApiClient, userName } from '../api-client.js';
import { runChatRepl } from '../chat/chat-repl.js';
import { addConfigOption, loadCliConfig } from '../cli-config.js';
import { withExample } from '../help-examples.js';
import { SUBCOMMAND_SUMMARIES } from '../subcommand-summaries.js';

export function createCommand(): Command {
  return withExample(
    addConfigOption(
      new Command('chat')
        .description(SUBCOMMAND_SUMMARIES.chat)
        .option('--session <id>', 'go on with an earlier conversation (its id from /history)'),
    ),
    'ai-sysadmin chat',
    'echo "why is the disk full?" | ai-sysadmin chat',
  ).action(async (options: { config?: string; session?: string }) => {
    const { config } = await loadCliConfig(options);
    process.exitCode = await runChatRepl({
      client: DaemonApiClient.fromConfig(config),
      aiName: config.aiName,
      model: config.model,
      user: userName(),
      ...(options.session ? { session: options.session } : {}),
    });
  });
}
