/** Every command's `--help` ends with an example a person can copy. */
import type { Command } from 'commander';

export function withExample(command: Command, ...examples: string[]): Command {
  return command.addHelpText(
    'after',
    `\nExample${examples.length > 1 ? 's' : ''}:\n${examples.map((e) => `  $ ${e}`).join('\n')}\n`,
  );
}
