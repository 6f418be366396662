/** `ai-sysadmin configs <query> [--json]` searches the indexed configuration files; `configs state` tells what the index holds. */
import { Command } from 'commander';
import { API_PATHS } from '@ai-sysadmin/core/api-paths';
import type { ConfigHit, ConfigIndexState } from '@ai-sysadmin/core';
import { withQuery } from '../api-client.js';
import { addConfigOption } from '../cli-config.js';
import { daemonClient, printJson } from '../daemon-client.js';
import { withExample } from '../help-examples.js';
import { SUBCOMMAND_SUMMARIES } from '../subcommand-summaries.js';
import { colours } from '../terminal/styled.js';
import { limitOption } from './search-output.js';

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
          .option('--json', 'print { hits: [...], state } as JSON'),
      ),
      'ai-sysadmin configs nginx virtual host for grafana',
    ).action(async (words: string[], options: Options & { limit: number }) => {
      const answer = await (
        await daemonClient(options)
      ).json<{ hits: ConfigHit[]; state: ConfigIndexState }>(
        'GET',
        withQuery(API_PATHS.configsSearch, { q: words.join(' '), limit: options.limit }),
      );
      if (options.json) return printJson(answer);
      if (!answer.hits.length) process.stdout.write(`nothing found (${describeState(answer.state)})\n`);
      else {
        const c = await colours();
        for (const h of answer.hits)
          process.stdout.write(
            `${c.bold(`${h.path}:${h.startLine}-${h.endLine}`)} ${c.dim(`(distance ${h.distance.toFixed(3)})`)}\n${h.text.replace(/^/gm, '  ')}\n\n`,
          );
      }
    }),
    { isDefault: true },
  );
  configs.addCommand(
    withExample(
      addConfigOption(
        new Command('state')
          .description('the repository indexed, its HEAD, files and chunks')
          .option('--json', 'print { state } as JSON'),
      ),
      'ai-sysadmin configs state',
    ).action(async (options: Options) => {
      const answer = await (
        await daemonClient(options)
      ).json<{ state: ConfigIndexState }>('GET', API_PATHS.configsState);
      if (options.json) return printJson(answer);
      if (!answer.state.indexing || !process.stderr.isTTY)
        return void process.stdout.write(`${describeState(answer.state)}\n`);
      await followIndexing(await daemonClient(options), answer.state);
    }),
  );
  return configs;
}

export function describeState(s: ConfigIndexState): string {
  if (!s.repo) return 'no configuration repository is set (configRepo)';
  const at = s.head ? `at ${s.head.slice(0, 12)}` : '(not indexed yet)';
  const progress = s.indexing
    ? `; indexing now${s.progress ? ` (${s.progress.done}/${s.progress.total} files)` : ''}`
    : '';
  return `${s.repo} ${at}: ${s.files} files, ${s.chunks} chunks${progress}${s.error ? `; the last indexing failed: ${s.error}` : ''}`;
}

/** While the daemon re-indexes: a progress bar of files read, until it is done. */
async function followIndexing(api: Awaited<ReturnType<typeof daemonClient>>, first: ConfigIndexState): Promise<void> {
  const { startProgress } = await import('../terminal/progress.js');
  const total = first.progress?.total ?? 0;
  const bar = await startProgress(total, 're-indexing configs');
  let done = first.progress?.done ?? 0;
  let state = first;
  for (let i = 0; i < done; i++) bar.tick('');
  while (state.indexing) {
    await new Promise((r) => setTimeout(r, 500));
    state = (await api.json<{ state: ConfigIndexState }>('GET', API_PATHS.configsState)).state;
    for (; done < (state.progress?.done ?? done); done++) bar.tick('');
  }
  bar.stop();
  process.stdout.write(`${describeState(state)}\n`);
}
