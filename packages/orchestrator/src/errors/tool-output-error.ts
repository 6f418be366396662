import { AiSysadminError } from '@ai-sysadmin/core';

/** A tool answered, but with output that cannot be read as what it should be. */
export class ToolOutputError extends AiSysadminError {
  static readonly CODE = 'TOOL_OUTPUT_UNREADABLE';
  readonly tool: string;

  /** The message leaves the host out: the report and the finding already say which host it was. */
  constructor(tool: string, problem: string, options: { host?: string; hint?: string } = {}) {
    super(ToolOutputError.CODE, `${tool} printed what cannot be read as its output: ${problem}`, {
      hint:
        options.hint ??
        `Run \`${tool}\` by hand to see what it prints; a newer or older version may print another format.`,
      ...(options.host ? { host: options.host } : {}),
    });
    this.tool = tool;
  }
}
