/**
 * `ai-sysadmin approve list|show|discuss|approve|reject` (`<aiName>-approve ...`): the actions the
 * executor holds for a person. Approving streams the run on each host and its verification; the
 * first decision wins (a second `approve` of the same action, from any terminal, is refused with 65).
 */
import { Command, InvalidArgumentError } from 'commander';
import { API_PATHS } from '@ai-sysadmin/core/api-paths';
import type { ChatSessionView } from '@ai-sysadmin/core';
import type { ActionView } from '@ai-sysadmin/executor';
import { DaemonApiClient, userName } from '../api-client.js';
import { runChatRepl } from '../chat/chat-repl.js';
import { addConfigOption, loadCliConfig } from '../cli-config.js';
import { age, daemonClient, printJson } from '../daemon-client.js';
import { EXIT } from '../exit-codes.js';
import { withExample } from '../help-examples.js';
import { SUBCOMMAND_SUMMARIES } from '../subcommand-summaries.js';
import { colours } from '../terminal/styled.js';
import { renderTable } from '../terminal/table.js';
import { startSpinner } from '../terminal/spinner.js';

type Options = { config?: string; json?: boolean };

/** The NDJSON lines of POST /v1/approvals/:id/approve. */
export type ApproveLine =
  | { type: 'approved'; id: number; by: string }
  | {
      type: 'run';
      host: string;
      display: string;
      exitCode: number | null;
      timedOut: boolean;
      error: { code: string; message: string } | null;
      stdout: string;
      stderr: string;
    }
  | { type: 'verification'; host: string; held: boolean | null; detail: string }
  | { type: 'outcome'; status: string; ok: boolean; reason: string; action: ActionView }
  | { type: 'error'; error: { code: string; message: string; hint?: string } };

export function actionId(value: string): number {
  if (!/^[1-9][0-9]{0,9}$/.test(value))
    throw new InvalidArgumentError('must be an action number, as `approve list` shows');
  return Number(value);
}

export function askedBy(a: Pick<ActionView, 'requestedBy'>): string {
  const r = a.requestedBy;
  if (r.kind === 'issue') return `issue ${r.issueId ?? '?'}`;
  if (r.kind === 'user') return `${r.user ?? 'a user'} (chat)`;
  return r.kind;
}

export function createCommand(): Command {
  const approve = withExample(
    new Command('approve').description(SUBCOMMAND_SUMMARIES.approve),
    'ai-sysadmin approve list',
    'ai-sysadmin approve approve 12',
  );
  approve.addCommand(
    withExample(
      addConfigOption(
        new Command('list')
          .description('the actions waiting for a decision (number, host, command, risk, reason, who asked, age)')
          .option('--all', 'every action kept, decided ones too')
          .option('--json', 'print { actions: [...] } as JSON'),
      ),
      'ai-sysadmin approve list --json | jq ".actions[].id"',
    ).action(async (options: Options & { all?: boolean }) => {
      const answer = await (
        await daemonClient(options)
      ).json<{ actions: ActionView[] }>('GET', `${API_PATHS.approvals}?status=${options.all ? 'all' : 'pending'}`);
      if (options.json) return printJson(answer);
      process.stdout.write(await renderList(answer.actions, options.all ?? false));
    }),
    { isDefault: true },
  );
  approve.addCommand(
    withExample(
      addConfigOption(
        new Command('show')
          .description('one action: what, where, why, who asked, the policy, runs, verification, discussion')
          .argument('<N>', 'the action number', actionId)
          .option('--json', 'print { action } as JSON'),
      ),
      'ai-sysadmin approve show 12',
    ).action(async (id: number, options: Options) => {
      const answer = await (await daemonClient(options)).json<{ action: ActionView }>('GET', API_PATHS.approval(id));
      if (options.json) return printJson(answer);
      process.stdout.write(await renderAction(answer.action));
    }),
  );
  approve.addCommand(
    withExample(
      addConfigOption(
        new Command('approve')
          .description(
            "approve action N: it runs now; prints each host's run and the verification (exit 0 done and verified, 1 it failed or did not hold, 65 refused)",
          )
          .argument('<N>', 'the action number', actionId)
          .option('--note <text>', 'a note kept with the decision')
          .option('--json', 'print { approved, runs, verification, outcome } as JSON'),
      ),
      'ai-sysadmin approve approve 12',
    ).action(async (id: number, options: Options & { note?: string }) => {
      process.exitCode = await approveAction(await daemonClient(options), id, options);
    }),
  );
  approve.addCommand(
    withExample(
      addConfigOption(
        new Command('reject')
          .description('reject action N: it never runs')
          .argument('<N>', 'the action number', actionId)
          .option('--reason <text>', 'why (kept with the decision)')
          .option('--json', 'print { action } as JSON'),
      ),
      'ai-sysadmin approve reject 12 --reason "not during office hours"',
    ).action(async (id: number, options: Options & { reason?: string }) => {
      const answer = await (
        await daemonClient(options)
      ).json<{ action: ActionView }>('POST', API_PATHS.reject(id), {
        by: userName(),
        ...(options.reason ? { note: options.reason } : {}),
      });
      if (options.json) return printJson(answer);
      process.stdout.write(`rejected action ${id} (${answer.action.display.join('; ')}); it will not run\n`);
    }),
  );
  approve.addCommand(
    withExample(
      addConfigOption(
        new Command('discuss')
          .description('talk with the assistant about action N, with its context (why, evidence, risk) at hand')
          .argument('<N>', 'the action number', actionId),
      ),
      'ai-sysadmin approve discuss 12',
    ).action(async (id: number, options: Options) => {
      const { config } = await loadCliConfig(options);
      const client = DaemonApiClient.fromConfig(config);
      const user = userName();
      const [{ action }, opened] = await Promise.all([
        client.json<{ action: ActionView }>('GET', API_PATHS.approval(id)),
        // { session: the session's view, context: the action's discussion context }
        client.json<{ session: ChatSessionView }>('POST', API_PATHS.discuss(id), { user }),
      ]);
      process.stdout.write(await renderAction(action));
      process.exitCode = await runChatRepl({
        client,
        aiName: config.aiName,
        model: config.model,
        user,
        session: opened.session.session,
        fixedSession: true,
        intro: `— about action ${id} (${action.display[0] ?? action.argv.join(' ')}); ask why, what could go wrong, what else would do.`,
      });
    }),
  );
  return approve;
}

async function renderList(actions: ActionView[], all: boolean): Promise<string> {
  if (!actions.length) return all ? 'no actions are kept\n' : 'nothing waits for approval\n';
  const c = await colours();
  const risk = (r: string) => (r === 'high' ? c.red(r) : r === 'medium' ? c.yellow(r) : r);
  return renderTable(
    ['#', 'host', 'command', 'risk', 'reason', 'asked by', 'age', ...(all ? ['status'] : [])],
    actions.map((a) => [
      String(a.id),
      a.hosts.join(', '),
      a.display.length === 1 ? a.display[0]! : a.argv.join(' '),
      risk(a.policy.risk),
      a.reason,
      askedBy(a),
      age(a.createdAt),
      ...(all ? [a.status] : []),
    ]),
  );
}

export async function renderAction(a: ActionView): Promise<string> {
  const c = await colours();
  const lines = [
    `${c.bold(`action ${a.id}`)} (${a.kind}) ${a.status}, ${a.policy.risk} risk, asked ${age(a.createdAt)} ago by ${askedBy(a)}; expires ${a.expiresAt}`,
    ...a.hosts.map((h, i) => `  on ${h}: ${a.display[i] ?? a.argv.join(' ')}`),
    `  why: ${a.reason}`,
    `  policy: ${a.policy.verdict} (${a.policy.reason}) at autonomy ${a.policy.autonomy}`,
    `  the request: ${a.requestedBy.text}`,
  ];
  if (a.explanation) lines.push(`  reasoning: ${a.explanation}`);
  if (a.verify) lines.push(`  verified by: ${JSON.stringify(a.verify)}`);
  if (a.nixos) lines.push(`  NixOS change ${a.nixos.configuration}, files ${a.nixos.files.join(', ')}:`, a.nixos.diff);
  for (const r of a.runs ?? [])
    lines.push(
      `  ran on ${r.host} at ${r.startedAt}: ${r.error ? `error ${r.error.code}: ${r.error.message}` : `exit ${r.exitCode ?? '?'}${r.timedOut ? ' (timed out)' : ''}`}`,
    );
  for (const v of a.verification ?? []) lines.push(`  verification on ${v.host}: ${verdict(v.held)} ${v.detail}`);
  if (a.decision)
    lines.push(
      `  ${a.decision.decision} by ${a.decision.by} at ${a.decision.at}${a.decision.note ? `: ${a.decision.note}` : ''}`,
    );
  for (const m of a.discussion) lines.push(`  ${m.role === 'user' ? 'you' : 'assistant'}: ${m.text}`);
  if (a.status === 'pending')
    lines.push(
      '',
      `approve with \`ai-sysadmin approve approve ${a.id}\`, reject with \`ai-sysadmin approve reject ${a.id}\``,
    );
  return `${lines.join('\n')}\n`;
}

function verdict(held: boolean | null): string {
  return held === null ? 'nothing to check:' : held ? 'held:' : 'did NOT hold:';
}

async function approveAction(
  client: DaemonApiClient,
  id: number,
  options: Options & { note?: string },
): Promise<number> {
  const c = await colours();
  const collected: { approved: unknown; runs: unknown[]; verification: unknown[]; outcome: unknown; error: unknown } = {
    approved: null,
    runs: [],
    verification: [],
    outcome: null,
    error: null,
  };
  let exit: number = EXIT.internal;
  const spinner = options.json ? null : await startSpinner(`approving action ${id}`);
  const say = (text: string) => {
    spinner?.stop();
    if (!options.json) process.stdout.write(`${text}\n`);
  };
  try {
    await client.ndjson<ApproveLine>(
      'POST',
      API_PATHS.approve(id),
      { by: userName(), ...(options.note ? { note: options.note } : {}) },
      (line) => {
        switch (line.type) {
          case 'approved':
            collected.approved = line;
            say(`approved action ${id} as ${line.by}; running it`);
            return;
          case 'run': {
            collected.runs.push(line);
            const result = line.error
              ? c.red(`could not run: ${line.error.code}: ${line.error.message}`)
              : line.exitCode === 0
                ? c.green('exit 0')
                : c.red(`exit ${line.exitCode ?? '?'}${line.timedOut ? ' (timed out)' : ''}`);
            say(`${line.host}: ${line.display}: ${result}`);
            for (const [name, text] of [
              ['stdout', line.stdout],
              ['stderr', line.stderr],
            ] as const)
              if (text.trim()) say(c.dim(`  ${name}: ${text.trim().split('\n').slice(-10).join('\n          ')}`));
            return;
          }
          case 'verification':
            collected.verification.push(line);
            say(
              `${line.host}: verification ${line.held === false ? c.red(verdict(line.held)) : c.green(verdict(line.held))} ${line.detail}`,
            );
            return;
          case 'outcome':
            collected.outcome = line;
            exit = line.status === 'executed' ? (line.ok ? EXIT.ok : EXIT.warnings) : EXIT.dataError;
            say(
              line.status === 'executed'
                ? line.ok
                  ? c.green(`action ${id} done and verified`)
                  : c.red(`action ${id} ran but did not succeed: ${line.reason}`)
                : c.red(`action ${id} was not run (${line.status}): ${line.reason}`),
            );
            return;
          case 'error':
            collected.error = line.error;
            exit = EXIT.internal;
            say(c.red(`the daemon could not finish action ${id}: ${line.error.message}`));
            return;
        }
      },
      { timeoutMs: 30 * 60_000 },
    );
  } finally {
    spinner?.stop();
  }
  if (options.json) printJson(collected);
  return exit;
}
