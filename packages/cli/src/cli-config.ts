/** The `--config PATH` option every subcommand takes, and loading the config behind it. */
import { type Command, Option } from 'commander';
import { type LoadedConfig, loadConfig } from '@ai-sysadmin/core';

export function addConfigOption(command: Command): Command {
  return command.addOption(
    new Option('-c, --config <path>', 'config file (default: $AI_SYSADMIN_CONFIG, then /etc/ai-sysadmin/config.json)'),
  );
}

/** Loads the config; a ConfigError propagates to main, which prints every problem and exits 78. */
export function loadCliConfig(options: { config?: string }): LoadedConfig {
  return loadConfig(options.config ? { path: options.config } : {});
}
