import { LlmError } from './llm-error.js';

/** Ollama answered with an error of its own (out of memory, bad request, server busy...). */
export class OllamaRequestError extends LlmError {
  static readonly CODE = 'OLLAMA_ERROR';
  readonly retryable: boolean;

  constructor(
    readonly url: string,
    readonly status: number | undefined,
    readonly ollamaMessage: string,
  ) {
    const busy = status === 502 || status === 503 || status === 504;
    super(
      OllamaRequestError.CODE,
      `Ollama at ${url} answered with an error${status ? ` (HTTP ${status})` : ''}: ${ollamaMessage}`,
      {
        hint: busy
          ? 'Ollama is busy or restarting; the request is retried.'
          : /memory/i.test(ollamaMessage)
            ? 'The model does not fit in memory: use a smaller model or a smaller llm.contextTokens.'
            : 'See the Ollama server log (`journalctl -u ollama`) for the cause.',
      },
    );
    this.retryable = busy;
  }

  details() {
    return { url: this.url, status: this.status, ollamaMessage: this.ollamaMessage };
  }
}
