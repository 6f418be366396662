/**
 * `ai-sysadmin trigger unit-failed <unit> [--host H]`: what a systemd OnFailure= hook runs. It
 * asks the daemon to check that host now, so the alert goes out within seconds instead of at the
 * next cycle. It returns as soon as the daemon has the request.
 */
import { Command } from 'commander';
import { API_PATHS } from '@ai-sysadmin/core/api-paths';
import type { TriggerResponse } from '@ai-sysadmin/core';
import { DaemonApiClient } from '../api-client.js';
import { addConfigOption, loadCliConfig } from '../cli-config.js';
import { SUBCOMMAND_SUMMARIES } from '../subcommand-summaries.js';

export function createCommand(): Command {
  const trigger = new Command('trigger').description(SUBCOMMAND_SUMMARIES.trigger);
  trigger.addCommand(
    addConfigOption(
      new Command('unit-failed')
        .description('a systemd unit failed (for OnFailure=): check its host now')
        .argument('<unit>', 'the unit that failed, e.g. nginx.service (%i in an OnFailure= template)')
        .option('--host <name>', 'the managed system it failed on (default: this machine)', 'local'),
    ).action(async (unit: string, options: { host: string; config?: string }) => {
      const { config } = await loadCliConfig(options);
      const client = DaemonApiClient.fromConfig(config);
      const answer = await client.json<TriggerResponse>('POST', API_PATHS.trigger, {
        kind: 'unit-failed',
        unit,
        host: options.host,
      });
      process.stdout.write(
        `${answer.joined ? 'joined' : 'started'} cycle ${answer.cycle}: checking ${answer.host} for ${unit}\n`,
      );
    }),
  );
  return trigger;
}
