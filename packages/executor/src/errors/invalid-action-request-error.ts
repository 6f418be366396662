import { AiSysadminError, problemList } from '@ai-sysadmin/core';

/** An action request (an LLM tool call, an API body) did not have the expected shape; nothing ran. */
export class InvalidActionRequestError extends AiSysadminError {
  static readonly CODE = 'ACTION_REQUEST_INVALID';
  readonly problems: readonly string[];
  constructor(problems: readonly string[]) {
    super(InvalidActionRequestError.CODE, `The action request is invalid:\n${problemList(problems)}`, {
      hint: 'Send {host or hosts, argv: [program, ...args], reason, requestedBy: {kind, text}}; argv is a list of words, never a command line.',
    });
    this.problems = problems;
  }
}
