import { LlmError } from './llm-error.js';

/**
 * The model tried to call a tool but what it wrote cannot be read as a call without guessing.
 * The agent can show the model `reason` and `raw` and ask it to call the tool again.
 */
export class ToolCallFormatError extends LlmError {
  static readonly CODE = 'TOOL_CALL_MALFORMED';
  readonly retryable = false;

  constructor(
    readonly raw: string,
    readonly reason: string,
  ) {
    const shown = raw.length > 300 ? `${raw.slice(0, 300)}…` : raw;
    super(ToolCallFormatError.CODE, `The model's tool call could not be read: ${reason}. It wrote: ${shown}`, {
      hint: 'Ask the model to call the tool again with valid JSON arguments, quoting this error.',
    });
  }

  details() {
    return { raw: this.raw, reason: this.reason };
  }
}
