/**
 * `ai-sysadmin status [--json]`: whether the daemon, its worker, Redis, Ollama, ChromaDB and the
 * notifiers are up (and why not), each host, the last cycle, queue and outbox depth.
 */
import { Command } from 'commander';
import { API_PATHS } from '@ai-sysadmin/core/api-paths';
import type { StatusResponse } from '@ai-sysadmin/core';
import { addConfigOption } from '../cli-config.js';
import { age, daemonClient, printJson } from '../daemon-client.js';
import { SUBCOMMAND_SUMMARIES } from '../subcommand-summaries.js';
import { colours } from '../terminal/styled.js';
import { renderTable } from '../terminal/table.js';
import { withExample } from '../help-examples.js';

export function createCommand(): Command {
  return withExample(
    addConfigOption(
      new Command('status').description(SUBCOMMAND_SUMMARIES.status).option('--json', 'print the status as JSON'),
    ),
    'ai-sysadmin status',
  ).action(async (options: { json?: boolean; config?: string }) => {
    const status = await (await daemonClient(options)).json<StatusResponse>('GET', API_PATHS.status);
    if (options.json) return printJson(status);
    process.stdout.write(await renderStatus(status));
  });
}

export async function renderStatus(s: StatusResponse): Promise<string> {
  const c = await colours();
  const state = (v: string) => (v === 'up' ? c.green(v) : v === 'down' ? c.red(v) : c.yellow(v));
  const out: string[] = [
    `${c.bold(s.ai)} daemon ${s.version} (pid ${s.pid}, node ${s.node}), up since ${s.startedAt} (${age(s.startedAt)})`,
    `config ${s.config.source}: autonomy ${s.config.autonomyLevel}, a check every ${s.config.checkIntervalSec} s`,
    '',
    await renderTable(
      ['dependency', 'state', 'since', 'detail'],
      s.dependencies.map((d) => [d.name, state(d.state), d.since ? age(d.since) : '-', d.detail]),
    ),
    await renderTable(
      ['host', 'state', 'checked', 'reason'],
      s.hosts.map((h) => [
        h.host,
        state(h.status),
        h.lastCheckedAt ? `${age(h.lastCheckedAt)} ago` : 'never',
        h.reason ?? '',
      ]),
    ),
  ];
  const last = s.cycle.last;
  out.push(
    last
      ? `last cycle ${last.cycle} (${last.reasons.join(', ')}) at ${last.finishedAt}: ${last.hosts.length} host(s), ${last.durationMs} ms${s.cycle.running ? '; one is running now' : ''}`
      : `no cycle has finished yet${s.cycle.running ? '; one is running now' : ''}`,
  );
  if (s.cycle.nextAt) out.push(`next cycle at ${s.cycle.nextAt}`);
  const open = Object.entries(s.issues.open)
    .filter(([, n]) => n > 0)
    .map(([sev, n]) => `${n} ${sev}`);
  out.push(`open issues: ${open.length ? open.join(', ') : 'none'}`);
  out.push(s.queue ? `LLM queue: ${s.queue.depth} waiting, ${s.queue.workers} worker(s)` : 'LLM queue: not reachable');
  for (const o of s.outbox)
    out.push(
      `outbox ${o.target}: ${o.depth} waiting, ${o.sent} sent, ${o.failed} failed${o.lastError ? ` (${o.lastError})` : ''}`,
    );
  return `${out.join('\n')}\n`;
}
