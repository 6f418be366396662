/** `ai-sysadmin notify <title> <message> [priority] [--json]`: a message of your own through the daemon's outbox. */
import { Command, InvalidArgumentError } from 'commander';
import { API_PATHS } from '@ai-sysadmin/core/api-paths';
import type { NotifyResponse } from '@ai-sysadmin/core';
import { addConfigOption } from '../cli-config.js';
import { daemonClient, printJson } from '../daemon-client.js';
import { withExample } from '../help-examples.js';
import { SUBCOMMAND_SUMMARIES } from '../subcommand-summaries.js';

function priority(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n > 10) throw new InvalidArgumentError('must be a whole number from 0 to 10');
  return n;
}

export function createCommand(): Command {
  return withExample(
    addConfigOption(
      new Command('notify')
        .description(`${SUBCOMMAND_SUMMARIES.notify} (Gotify priority: 8+ critical, 4-7 attention, 1-3 info)`)
        .argument('<title>', 'the title')
        .argument('<message>', 'the message')
        .argument('[priority]', 'Gotify priority 0-10 (default 5)', priority)
        .option('--json', 'print what was queued as JSON'),
    ),
    'ai-sysadmin notify "Backup" "the nightly backup is done" 3',
  ).action(
    async (title: string, message: string, prio: number | undefined, options: { json?: boolean; config?: string }) => {
      const answer = await (
        await daemonClient(options)
      ).json<NotifyResponse>('POST', API_PATHS.notify, {
        title,
        message,
        ...(prio === undefined ? {} : { priority: prio }),
      });
      if (options.json) return printJson(answer);
      process.stdout.write(
        answer.targets.length
          ? `queued for ${answer.targets.join(', ')}\n`
          : 'no notifier is configured: the message is kept in `status` (recent messages) only\n',
      );
    },
  );
}
