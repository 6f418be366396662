/**
 * `ai-sysadmin knowledge search Q | add | list | delete ID`: what the assistant has learnt (lessons
 * from resolved issues, procedures, facts, your notes), kept by the daemon in ChromaDB.
 */
import { readFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import { API_PATHS } from '@ai-sysadmin/core/api-paths';
import { KNOWLEDGE_CATEGORIES } from '@ai-sysadmin/core/api-enums';
import type { KnowledgeEntry } from '@ai-sysadmin/core';
import { withQuery } from '../api-client.js';
import { addConfigOption } from '../cli-config.js';
import { age, daemonClient, printJson } from '../daemon-client.js';
import { withExample } from '../help-examples.js';
import { SUBCOMMAND_SUMMARIES } from '../subcommand-summaries.js';
import { colours } from '../terminal/styled.js';
import { renderTable } from '../terminal/table.js';
import { limitOption } from './search-output.js';

type Options = { config?: string; json?: boolean };

export function createCommand(): Command {
  const knowledge = new Command('knowledge').description(SUBCOMMAND_SUMMARIES.knowledge);
  knowledge.addCommand(
    withExample(
      addConfigOption(
        new Command('search')
          .description('the entries closest in meaning to a question')
          .argument('<query...>', 'what to look for')
          .addOption(limitOption())
          .option('--json', 'print { hits: [...] } as JSON'),
      ),
      'ai-sysadmin knowledge search nginx restart loop',
    ).action(async (words: string[], options: Options & { limit: number }) => {
      const answer = await (
        await daemonClient(options)
      ).json<{ hits: KnowledgeEntry[] }>(
        'GET',
        withQuery(API_PATHS.knowledgeSearch, { q: words.join(' '), limit: options.limit }),
      );
      if (options.json) return printJson(answer);
      process.stdout.write(await renderEntries(answer.hits, true));
    }),
  );
  knowledge.addCommand(
    withExample(
      addConfigOption(
        new Command('list')
          .description('every entry, newest first')
          .addOption(
            new Option('--category <c>', 'only this kind (lesson: what it learnt from issues)').choices(
              KNOWLEDGE_CATEGORIES,
            ),
          )
          .option('--json', 'print { entries: [...] } as JSON'),
      ),
      'ai-sysadmin knowledge list --category lesson',
    ).action(async (options: Options & { category?: string }) => {
      const answer = await (
        await daemonClient(options)
      ).json<{ entries: KnowledgeEntry[] }>('GET', withQuery(API_PATHS.knowledge, { category: options.category }));
      if (options.json) return printJson(answer);
      process.stdout.write(await renderEntries(answer.entries, false));
    }),
    { isDefault: true },
  );
  knowledge.addCommand(
    withExample(
      addConfigOption(
        new Command('add')
          .description('add an entry (the content from the argument, or from stdin with "-")')
          .requiredOption('--topic <text>', 'what it is about, in a few words')
          .addOption(new Option('--category <c>', 'kind of entry').choices(KNOWLEDGE_CATEGORIES).default('note'))
          .argument('<content...>', 'the text, or - to read it from stdin')
          .option('--json', 'print { id, buffered } as JSON'),
      ),
      'ai-sysadmin knowledge add --topic "backup disk" --category fact "the backup disk on nas1 is /dev/sdb, 8 TB"',
    ).action(async (words: string[], options: Options & { topic: string; category: string }) => {
      const content = words.length === 1 && words[0] === '-' ? readFileSync(0, 'utf8') : words.join(' ');
      const answer = await (
        await daemonClient(options)
      ).json<{ id: string; buffered: boolean }>('POST', API_PATHS.knowledge, {
        topic: options.topic,
        content,
        category: options.category,
      });
      if (options.json) return printJson(answer);
      process.stdout.write(
        `added ${answer.id}: ${options.topic}${answer.buffered ? ' (kept until ChromaDB takes it; searchable then)' : ''}\n`,
      );
    }),
  );
  knowledge.addCommand(
    withExample(
      addConfigOption(
        new Command('delete')
          .description('delete an entry')
          .argument('<id>', 'its id, as list or search shows')
          .option('--json', 'print { id, deleted } as JSON'),
      ),
      'ai-sysadmin knowledge delete user-3f2a9c',
    ).action(async (id: string, options: Options) => {
      const answer = await (
        await daemonClient(options)
      ).json<unknown>('POST', API_PATHS.knowledgeDelete(encodeURIComponent(id)));
      if (options.json) return printJson(answer);
      process.stdout.write(`deleted ${id}\n`);
    }),
  );
  return knowledge;
}

async function renderEntries(entries: readonly KnowledgeEntry[], withDistance: boolean): Promise<string> {
  if (!entries.length) return 'nothing found\n';
  const c = await colours();
  return renderTable(
    ['id', 'topic', 'category', 'source', 'age', ...(withDistance ? ['distance'] : []), 'content'],
    entries.map((e) => [
      e.id,
      c.bold(e.topic),
      e.category,
      `${e.source}${e.issueId ? ` (issue ${e.issueId})` : ''}`,
      age(e.at),
      ...(withDistance ? [e.distance === undefined ? '-' : e.distance.toFixed(3)] : []),
      e.content.length > 300 ? `${e.content.slice(0, 300)}...` : e.content,
    ]),
  );
}
