/** `ai-sysadmin issues [--all] [--host H] [--json]`, `issues show N`, `issues reset N`: the issues the daemon tracks. */
import { Command, InvalidArgumentError } from 'commander';
import { API_PATHS } from '@ai-sysadmin/core/api-paths';
import type { Issue, IssueSummary } from '@ai-sysadmin/core';
import { userName, withQuery } from '../api-client.js';
import { addConfigOption } from '../cli-config.js';
import { age, daemonClient, printJson } from '../daemon-client.js';
import { withExample } from '../help-examples.js';
import { SUBCOMMAND_SUMMARIES } from '../subcommand-summaries.js';
import { colours } from '../terminal/styled.js';
import { renderTable } from '../terminal/table.js';

type Options = { config?: string; json?: boolean };

function issueId(value: string): number {
  if (!/^[1-9][0-9]{0,9}$/.test(value)) throw new InvalidArgumentError('must be an issue number, as `issues` shows');
  return Number(value);
}

export function createCommand(): Command {
  const issues = new Command('issues').description(SUBCOMMAND_SUMMARIES.issues);
  issues.addCommand(
    withExample(
      addConfigOption(
        new Command('list')
          .description('the open issues, newest first (with --all, resolved ones too)')
          .option('--all', 'resolved issues too')
          .option('--host <name>', 'only this host')
          .option('--json', 'print { issues: [...] } as JSON'),
      ),
      'ai-sysadmin issues --host db1',
      'ai-sysadmin issues --all --json | jq ".issues | length"',
    ).action(async (options: Options & { all?: boolean; host?: string }) => {
      const answer = await (
        await daemonClient(options)
      ).json<{ issues: IssueSummary[] }>(
        'GET',
        withQuery(API_PATHS.issues, { status: options.all ? 'all' : 'active', host: options.host }),
      );
      if (options.json) return printJson(answer);
      if (!answer.issues.length) return void process.stdout.write(options.all ? 'no issues\n' : 'no open issues\n');
      const c = await colours();
      const sev = (s: string) => (s === 'critical' ? c.red(s) : s === 'warning' ? c.yellow(s) : s);
      process.stdout.write(
        await renderTable(
          ['#', 'host', 'severity', 'status', 'title', 'seen', 'first seen'],
          answer.issues.map((i) => [
            String(i.id),
            i.host,
            sev(i.severity),
            i.status,
            i.title,
            `${i.occurrences}x, ${age(i.lastSeen)} ago`,
            `${age(i.firstSeen)} ago`,
          ]),
        ),
      );
    }),
    { isDefault: true },
  );
  issues.addCommand(
    withExample(
      addConfigOption(
        new Command('show')
          .description('one issue with its evidence and timeline')
          .argument('<N>', 'the issue number', issueId)
          .option('--json', 'print { issue } as JSON'),
      ),
      'ai-sysadmin issues show 3',
    ).action(async (id: number, options: Options) => {
      const answer = await (await daemonClient(options)).json<{ issue: Issue }>('GET', API_PATHS.issue(id));
      if (options.json) return printJson(answer);
      process.stdout.write(await renderIssue(answer.issue));
    }),
  );
  issues.addCommand(
    withExample(
      addConfigOption(
        new Command('reset')
          .description('let the daemon try to remediate issue N again after it gave up')
          .argument('<N>', 'the issue number', issueId)
          .option('--json', 'print { issue } as JSON'),
      ),
      'ai-sysadmin issues reset 3',
    ).action(async (id: number, options: Options) => {
      const answer = await (
        await daemonClient(options)
      ).json<{ issue: Issue }>('POST', API_PATHS.resetRemediation(id), {
        by: userName(),
      });
      if (options.json) return printJson(answer);
      process.stdout.write(`issue ${id}: remediation may be tried again\n`);
    }),
  );
  return issues;
}

async function renderIssue(i: Issue): Promise<string> {
  const c = await colours();
  const lines = [
    `${c.bold(`issue ${i.id}`)} on ${i.host}: ${i.title}`,
    `  ${i.severity}, ${i.status}; ${i.source} rule ${i.rule} (${i.subject}); seen ${i.occurrences} times, first ${i.firstSeen}, last ${i.lastSeen}`,
    `  fingerprint ${i.fingerprint}`,
  ];
  if (i.diagnosis) lines.push(`  diagnosis (${i.diagnosis.by}, ${i.diagnosis.at}): ${i.diagnosis.text}`);
  if (i.remediation.pendingActionId !== null) lines.push(`  action ${i.remediation.pendingActionId} awaits approval`);
  if (i.remediation.givenUp)
    lines.push(`  remediation given up at ${i.remediation.givenUpAt} (\`ai-sysadmin issues reset ${i.id}\`)`);
  const evidence = Object.entries(i.evidence);
  if (evidence.length)
    lines.push(
      '  evidence:',
      ...evidence.map(([k, v]) => `    ${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`),
    );
  lines.push('  timeline:', ...i.timeline.map((t) => `    ${c.dim(t.at)} ${t.event}: ${t.text}`));
  return `${lines.join('\n')}\n`;
}
