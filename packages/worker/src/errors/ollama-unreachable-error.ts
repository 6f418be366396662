import { LlmError } from './llm-error.js';

/** No answer from Ollama at all: refused, no route, name not resolved, connection dropped. */
export class OllamaUnreachableError extends LlmError {
  static readonly CODE = 'OLLAMA_UNREACHABLE';
  readonly retryable = true;

  constructor(
    readonly url: string,
    readonly reason: string,
    options: { attempts?: number; cause?: unknown } = {},
  ) {
    const after = options.attempts && options.attempts > 1 ? ` after ${options.attempts} attempts` : '';
    super(OllamaUnreachableError.CODE, `Ollama at ${url} is not reachable${after} (${reason}).`, {
      hint: `Check that Ollama is running there (\`systemctl status ollama\`, \`curl ${url}/api/version\`) and that ollamaHost in the config points at it.`,
      cause: options.cause,
    });
  }

  details() {
    return { url: this.url, reason: this.reason };
  }
}
