/** `ai-sysadmin systems [--json]`: this machine, the managed systems and names seen in logs, with what is known of each. */
import { Command } from 'commander';
import { API_PATHS } from '@ai-sysadmin/core/api-paths';
import type { SystemEntry } from '@ai-sysadmin/core';
import { addConfigOption } from '../cli-config.js';
import { age, daemonClient, printJson } from '../daemon-client.js';
import { withExample } from '../help-examples.js';
import { SUBCOMMAND_SUMMARIES } from '../subcommand-summaries.js';
import { colours } from '../terminal/styled.js';
import { renderTable } from '../terminal/table.js';

export function createCommand(): Command {
  return withExample(
    addConfigOption(
      new Command('systems')
        .description(SUBCOMMAND_SUMMARIES.systems)
        .option('--json', 'print { systems: [...] } as JSON'),
    ),
    'ai-sysadmin systems',
  ).action(async (options: { config?: string; json?: boolean }) => {
    const answer = await (await daemonClient(options)).json<{ systems: SystemEntry[] }>('GET', API_PATHS.systems);
    if (options.json) return printJson(answer);
    if (!answer.systems.length) return void process.stdout.write('no systems known\n');
    const c = await colours();
    const state = (s: string) => (s === 'up' ? c.green(s) : s === 'down' ? c.red(s) : c.yellow(s));
    process.stdout.write(
      await renderTable(
        ['name', 'kind', 'state', 'address', 'os', 'role', 'hardware', 'services', 'last seen'],
        answer.systems.map((s) => [
          s.name,
          s.kind,
          state(s.status),
          s.address ?? '-',
          s.os ?? '-',
          s.role ?? '-',
          s.hardware ?? '-',
          s.services.join(', ') || '-',
          s.lastSeen ? `${age(s.lastSeen)} ago` : 'never',
        ]),
      ),
    );
  });
}
