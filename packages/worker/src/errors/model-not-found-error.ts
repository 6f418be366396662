import { LlmError } from './llm-error.js';

/** Ollama answers, but does not have the model: retrying cannot help, pulling it does. */
export class ModelNotFoundError extends LlmError {
  static readonly CODE = 'MODEL_NOT_FOUND';
  readonly retryable = false;

  constructor(
    readonly url: string,
    readonly model: string,
  ) {
    super(ModelNotFoundError.CODE, `Ollama at ${url} has no model ${model}.`, {
      hint: `Run \`ollama pull ${model}\` on the Ollama host, or set model/embedModel in the config to one that \`ollama list\` shows.`,
    });
  }

  details() {
    return { url: this.url, model: this.model };
  }
}
