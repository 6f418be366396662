import { AiSysadminError } from '@ai-sysadmin/core';

/** A tool answered, but with output that cannot be read as what it should be. */
export class ToolOutputError extends AiSysadminError {
  static readonly CODE = 'TOOL_OUTPUT_UNREADABLE';
  readonly tool: string;

  constructor(tool: string, problem: string, options: { host?: string; hint?: string } = {}) {
    const where = options.host ? ` on ${options.host}` : '';
    super(ToolOutputError.CODE, `The output of ${tool}${where} could not be read: ${problem}.`, {
      hint:
        options.hint ??
        `Run \`${tool}\` by hand to see what it prints; a newer or older version may print another format.`,
      ...(options.host ? { host: options.host } : {}),
    });
    this.tool = tool;
  }
}
