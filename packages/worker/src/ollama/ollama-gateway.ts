/**
 * The ollama client for one job: every request it makes is tied to the job's abort signal
 * (timeout, cancellation, shutdown), and every failure comes out as a classified LlmError.
 */
import { Ollama, type ChatRequest, type ChatResponse, type EmbedRequest, type EmbedResponse } from 'ollama';
import { classifyOllamaError } from './classify-ollama-error.js';

export class OllamaGateway {
  private readonly client: Ollama;

  constructor(
    readonly url: string,
    private readonly signal: AbortSignal,
  ) {
    this.client = new Ollama({
      host: url,
      fetch: (input, init) =>
        fetch(input, { ...init, signal: init?.signal ? AbortSignal.any([init.signal, signal]) : signal }),
    });
  }

  /** Streams the answer; the iterator throws classified errors, or the abort reason when stopped. */
  async *chatStream(request: ChatRequest): AsyncGenerator<ChatResponse> {
    try {
      const stream = await this.client.chat({ ...request, stream: true });
      for await (const part of stream) yield part;
    } catch (error) {
      throw this.failure(error, request.model);
    }
  }

  async chat(request: ChatRequest): Promise<ChatResponse> {
    try {
      return await this.client.chat({ ...request, stream: false });
    } catch (error) {
      throw this.failure(error, request.model);
    }
  }

  async embed(request: EmbedRequest): Promise<EmbedResponse> {
    try {
      return await this.client.embed(request);
    } catch (error) {
      throw this.failure(error, request.model);
    }
  }

  /** The model's trained context length, when Ollama reports one. */
  async contextLength(model: string): Promise<number | undefined> {
    try {
      const info = await this.client.show({ model });
      const entry = Object.entries(info.model_info ?? {}).find(([key]) => key.endsWith('.context_length'));
      const value = Number(entry?.[1]);
      return Number.isFinite(value) && value > 0 ? value : undefined;
    } catch (error) {
      throw this.failure(error, model);
    }
  }

  private failure(error: unknown, model: string): unknown {
    // Stopped on purpose: the job decides what the abort means.
    if (this.signal.aborted) return this.signal.reason;
    return classifyOllamaError(error, this.url, model);
  }
}
