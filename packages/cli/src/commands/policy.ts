/**
 * `ai-sysadmin policy check [--autonomy L] [--host H]... [--json] -- <command line>`: what the
 * executor would do with a command, and why, without running anything. The words after `--` are
 * joined with spaces (as ssh does) and split by command-patterns' strict parser; quote the whole
 * line as one argument to keep your own quoting. A line the parser refuses exits 65. What the
 * executor would read on the host before deciding (a unit's state) is given with --unit-state.
 */
import { Command, InvalidArgumentError, Option } from 'commander';
import { AUTONOMY_LEVELS, type AutonomyLevel } from '@ai-sysadmin/core';
import { CommandLineRejectedError, displayOnHosts, parseCommandLine } from '@ai-sysadmin/command-patterns';
import {
  UNIT_ACTIVE_STATES,
  type UnitActiveState,
  actionHosts,
  evaluatePolicy,
  normaliseUnit,
  policyContextFromConfig,
  unitStateKey,
} from '@ai-sysadmin/executor';
import { addConfigOption, loadCliConfig } from '../cli-config.js';
import { EXIT } from '../exit-codes.js';
import { SUBCOMMAND_SUMMARIES } from '../subcommand-summaries.js';

interface CheckOptions {
  config?: string;
  autonomy?: AutonomyLevel;
  host?: string[];
  unitState?: string[];
  json?: boolean;
}

/** `nginx=failed`: what the executor would find on the host when it decides. */
function parseUnitState(value: string, all: string[] = []): string[] {
  const [unit, state] = value.split('=', 2) as [string, string | undefined];
  if (!unit || !state || !(UNIT_ACTIVE_STATES as readonly string[]).includes(state)) {
    throw new InvalidArgumentError(`expected UNIT=STATE with STATE one of ${UNIT_ACTIVE_STATES.join(', ')}`);
  }
  return [...all, value];
}

export function createCommand(): Command {
  const command = new Command('policy').description(SUBCOMMAND_SUMMARIES.policy);
  addConfigOption(
    command
      .command('check')
      .description('print the verdict, risk and reason for a command line; nothing is run')
      .addOption(
        new Option('--autonomy <level>', "evaluate at this autonomy level (default: the config's)").choices(
          AUTONOMY_LEVELS,
        ),
      )
      .option(
        '--host <name>',
        'a host it would run on; repeat for several (default: local)',
        (value: string, all: string[] = []) => [...all, value],
      )
      .option(
        '--unit-state <unit=state>',
        "a unit's state on the host (failed, active, inactive, ...), as the executor reads it before deciding; repeatable",
        parseUnitState,
      )
      .option('--json', 'print the result as JSON')
      .argument('<command-line...>', 'the command line, after --')
      .addHelpText(
        'after',
        '\nPut the command line after --, e.g.\n  ai-sysadmin policy check --autonomy auto-safe --unit-state nginx=failed -- systemctl restart nginx\n',
      ),
  ).action(async (words: string[], options: CheckOptions) => {
    const line = words.join(' ');
    let argv: string[];
    try {
      argv = parseCommandLine(line);
    } catch (error) {
      if (!(error instanceof CommandLineRejectedError)) throw error;
      if (options.json)
        process.stdout.write(
          // A line that cannot be parsed is never run: denied, as forbidden as anything can be.
          `${JSON.stringify({ verdict: 'deny', risk: 'forbidden', rejected: true, reason: error.reason, column: error.index === undefined ? null : error.index + 1, line })}\n`,
        );
      else process.stderr.write(`${error.describe()}\n`);
      process.exitCode = EXIT.dataError;
      return;
    }
    const { config } = await loadCliConfig(options);
    const hosts = actionHosts({ hosts: options.host ?? [] });
    const states = new Map<string, UnitActiveState>(
      (options.unitState ?? []).map((pair) => {
        const [unit, state] = pair.split('=', 2) as [string, UnitActiveState];
        return [unitStateKey(normaliseUnit(unit).full), state];
      }),
    );
    const context = {
      ...policyContextFromConfig(config, options.autonomy ? { autonomy: options.autonomy } : {}),
      // Without --unit-state nothing is known of the units: none counts as failed, as on a host that could not be asked.
      unitStates: new Map(hosts.map((h) => [h, states])),
    };
    const decision = evaluatePolicy({ argv, hosts }, context);
    const display = displayOnHosts(argv, hosts, config);
    if (options.json) {
      process.stdout.write(`${JSON.stringify({ ...decision, autonomy: context.autonomy, hosts, argv, display })}\n`);
      return;
    }
    process.stdout.write(
      [
        `verdict   ${decision.verdict}`,
        `risk      ${decision.risk}`,
        `autonomy  ${context.autonomy}`,
        `reason    ${decision.reason}`,
        ...display.map((d, i) => `${i === 0 ? 'command ' : '        '}  ${d}`),
        '',
      ].join('\n'),
    );
  });
  return command;
}
