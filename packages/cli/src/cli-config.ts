/**
 * The `--config PATH` option every subcommand takes, and loading the config behind it. The
 * loader (and the config schema under it) is imported only when a command runs, so `--help`
 * never pays for it, and alone (`@ai-sysadmin/core/config-loader`): the whole of core (the
 * logger, the API and health schemas) costs a command that only needs its socket ~100 ms more.
 */
import { type Command, Option } from 'commander';
import type { LoadedConfig } from '@ai-sysadmin/core';

export function addConfigOption(command: Command): Command {
  return command.addOption(
    new Option('-c, --config <path>', 'config file (default: $AI_SYSADMIN_CONFIG, then /etc/ai-sysadmin/config.json)'),
  );
}

/** Loads the config; a ConfigError propagates to main, which prints every problem and exits 78. */
export async function loadCliConfig(options: { config?: string }): Promise<LoadedConfig> {
  const { loadConfig } = await import('@ai-sysadmin/core/config-loader');
  return loadConfig(options.config ? { path: options.config } : {});
}
