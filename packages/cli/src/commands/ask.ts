/**
 * `ai-sysadmin ask "question" [--json]` (`<aiName>-ask`): one answer. Streamed with its tool calls
 * on a terminal, the answer alone when piped, the whole outcome with --json.
 */
import { Command } from 'commander';
import { API_PATHS } from '@ai-sysadmin/core/api-paths';
import { DaemonApiClient, userName } from '../api-client.js';
import { answerExitCode, describeAnswerError, streamAnswer } from '../chat/answer-stream.js';
import { addConfigOption, loadCliConfig } from '../cli-config.js';
import { printJson } from '../daemon-client.js';
import { withExample } from '../help-examples.js';
import { SUBCOMMAND_SUMMARIES } from '../subcommand-summaries.js';

export function createCommand(): Command {
  return withExample(
    addConfigOption(
      new Command('ask')
        .description(`${SUBCOMMAND_SUMMARIES.ask} (exit 0 answered, 69 the LLM or daemon unavailable, 130 stopped)`)
        .argument('<question...>', 'the question (several words are joined with spaces)')
        .option('--json', 'print the answer, the tool calls and any action proposed as JSON'),
    ),
    'ai-sysadmin ask "which services failed today?"',
    'ai-sysadmin ask --json "how full is /var?" | jq -r .answer',
  ).action(async (words: string[], options: { json?: boolean; config?: string }) => {
    const { config } = await loadCliConfig(options);
    const client = DaemonApiClient.fromConfig(config);
    const live = !options.json && Boolean(process.stdout.isTTY);
    const controller = new AbortController();
    const stop = () => {
      controller.abort();
    };
    process.once('SIGINT', stop);
    try {
      const summary = await streamAnswer(
        client,
        API_PATHS.ask,
        { question: words.join(' '), user: userName() },
        { live, signal: controller.signal },
      );
      if (options.json) printJson(summary);
      else {
        if (!live && summary.answer)
          process.stdout.write(summary.answer.endsWith('\n') ? summary.answer : `${summary.answer}\n`);
        if (!live)
          for (const a of summary.actions)
            process.stdout.write(
              `action ${a.actionId} awaits approval on ${a.host}: ${a.command}; approve with: ${a.approveWith}\n`,
            );
        if (summary.error) process.stderr.write(`ai-sysadmin ask: ${describeAnswerError(summary)}\n`);
      }
      process.exitCode = answerExitCode(summary);
    } finally {
      process.off('SIGINT', stop);
    }
  });
}
