/** `ai-sysadmin configs <query> [--json]` searches the indexed configuration files; `configs state` tells what the index holds. */
import { Command } from 'commander';
import { API_PATHS, type ConfigHit, type ConfigIndexState, type SearchOutcome } from '@ai-sysadmin/core';
import { withQuery } from '../api-client.js';
import { addConfigOption } from '../cli-config.js';
import { daemonClient, printJson } from '../daemon-client.js';
import { EXIT } from '../exit-codes.js';
import { withExample } from '../help-examples.js';
import { SUBCOMMAND_SUMMARIES } from '../subcommand-summaries.js';
import { colours } from '../terminal/styled.js';
import { limitOption, unavailable } from './search-output.js';

type Options = { config?: string; json?: boolean };

export function createCommand(): Command {
  const configs = new Command('configs').description(SUBCOMMAND_SUMMARIES.configs);
  configs.addCommand(
    withExample(
      addConfigOption(
        new Command('search')
          .description('the configuration file passages closest in meaning to a query')
          .argument('<query...>', 'what to look for')
          .addOption(limitOption())
          .option('--json', 'print { available, hits } (or { available: false, reason }) as JSON'),
      ),
      'ai-sysadmin configs nginx virtual host for grafana',
    ).action(async (words: string[], options: Options & { limit: number }) => {
      const answer = await daemonClient(options).json<SearchOutcome<ConfigHit>>(
        'GET',
        withQuery(API_PATHS.configsSearch, { q: words.join(' '), limit: options.limit }),
      );
      if (options.json) printJson(answer);
      else if (!answer.available) unavailable('configs', answer.reason);
      else if (!answer.hits.length) process.stdout.write('nothing found\n');
      else {
        const c = await colours();
        for (const h of answer.hits)
          process.stdout.write(
            `${c.bold(`${h.path}:${h.startLine}-${h.endLine}`)} ${c.dim(`(distance ${h.distance.toFixed(3)})`)}\n${h.text.replace(/^/gm, '  ')}\n\n`,
          );
      }
      if (!answer.available) process.exitCode = EXIT.unavailable;
    }),
    { isDefault: true },
  );
  configs.addCommand(
    withExample(
      addConfigOption(
        new Command('state')
          .description('the repository indexed, its HEAD, files and chunks')
          .option('--json', 'print the index state as JSON'),
      ),
      'ai-sysadmin configs state',
    ).action(async (options: Options) => {
      const s = await daemonClient(options).json<ConfigIndexState>('GET', API_PATHS.configsState);
      if (options.json) return printJson(s);
      process.stdout.write(
        s.repo
          ? `${s.repo} at ${s.head ?? '(not indexed yet)'}: ${s.files} files, ${s.chunks} chunks${s.indexing ? '; indexing now' : ''}\n`
          : 'no configuration repository is set (configRepo)\n',
      );
    }),
  );
  return configs;
}
