import { AiSysadminError } from '@ai-sysadmin/core';

/** ChromaDB (or the embedder) cannot answer now; writes wait in the buffer, reads cannot be made. */
export class KnowledgeUnavailableError extends AiSysadminError {
  constructor(reason: string) {
    super('KNOWLEDGE_UNAVAILABLE', reason, {
      hint: 'Check that ChromaDB (chromaUrl) and the LLM worker are running; `status` shows both.',
    });
  }
}
