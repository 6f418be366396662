/** `ai-sysadmin config check|show|schema`: validate a config file, print the effective config, describe every option. */
import { Command } from 'commander';
import { configJsonSchema } from '@ai-sysadmin/core';
import { addConfigOption, loadCliConfig } from '../cli-config.js';
import { SUBCOMMAND_SUMMARIES } from '../subcommand-summaries.js';

export function createCommand(): Command {
  const command = new Command('config').description(SUBCOMMAND_SUMMARIES.config);

  addConfigOption(
    command
      .command('check')
      .description('validate the configuration and explain every error (exit 78 when invalid)')
      .option('--json', 'print the result as JSON'),
  ).action(async (options: { config?: string; json?: boolean }) => {
    const { source, envOverrides, config } = await loadCliConfig(options);
    if (options.json) {
      process.stdout.write(`${JSON.stringify({ valid: true, source, envOverrides })}\n`);
      return;
    }
    const env = envOverrides.length ? ` with ${envOverrides.join(', ')} from the environment` : '';
    const hosts = config.remoteSystems.length;
    process.stdout.write(
      `Configuration ${source}${env} is valid: assistant "${config.aiName}", autonomy ${config.autonomyLevel}, ` +
        `${hosts} managed host${hosts === 1 ? '' : 's'}.\n`,
    );
  });

  addConfigOption(
    command.command('show').description('print the effective configuration as JSON, defaults filled in'),
  ).action(async (options: { config?: string }) => {
    process.stdout.write(`${JSON.stringify((await loadCliConfig(options)).config, null, 2)}\n`);
  });

  command
    .command('schema')
    .description('print the JSON Schema of the config file')
    .action(() => {
      process.stdout.write(`${JSON.stringify(configJsonSchema(), null, 2)}\n`);
    });

  return command;
}
