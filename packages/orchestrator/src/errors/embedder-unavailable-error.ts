import { AiSysadminError } from '@ai-sysadmin/core';

/** Embeddings cannot be made now (no LLM worker, Redis or Ollama away); writes wait in the buffer. */
export class EmbedderUnavailableError extends AiSysadminError {
  constructor(reason: string, options: { cause?: unknown } = {}) {
    super('EMBEDDER_UNAVAILABLE', `Embeddings cannot be made now: ${reason}.`, {
      hint: 'Start `ai-sysadmin worker` and Ollama with the embedModel pulled; buffered writes go to ChromaDB once they are back.',
      ...options,
    });
  }
}
