import { Command } from 'commander';
import { EXIT } from './exit-codes.js';
import { SUBCOMMAND_SUMMARIES, type SubcommandName } from './subcommand-summaries.js';

/**
 * A subcommand that is named but not built yet: it says so and exits 2. It never pretends to
 * have done anything.
 */
export function notImplementedCommand(name: SubcommandName): Command {
  return new Command(name)
    .description(`${SUBCOMMAND_SUMMARIES[name]} (not implemented yet)`)
    .allowUnknownOption()
    .allowExcessArguments()
    .helpOption(false)
    .action(() => {
      process.stderr.write(`ai-sysadmin ${name}: not implemented yet in this version; nothing was done.\n`);
      process.exitCode = EXIT.notImplemented;
    });
}
