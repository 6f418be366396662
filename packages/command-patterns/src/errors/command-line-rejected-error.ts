import { AiSysadminError } from '@ai-sysadmin/core';

/**
 * A command line was refused before anything ran: it holds shell syntax (an operator, an
 * expansion, a redirection) or characters that would make it mean something other than it shows.
 */
export class CommandLineRejectedError extends AiSysadminError {
  static readonly CODE = 'COMMAND_LINE_REJECTED';
  /** What was wrong, in a few words: "`;` separates commands". */
  readonly reason: string;
  /** Zero-based position in the text, when the problem has one. */
  readonly index: number | undefined;

  constructor(reason: string, index?: number) {
    const where = index === undefined ? '' : ` at column ${index + 1}`;
    super(CommandLineRejectedError.CODE, `Command line rejected${where}: ${reason}`, {
      hint: 'Give one command as plain words; quote arguments that contain spaces or special characters. Pipes, redirections, variables, globs and command lists are never run.',
    });
    this.reason = reason;
    this.index = index;
  }
}
