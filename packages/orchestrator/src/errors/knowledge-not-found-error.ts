import { AiSysadminError } from '@ai-sysadmin/core';

/** The knowledge base holds no entry with this id. */
export class KnowledgeNotFoundError extends AiSysadminError {
  constructor(readonly id: string) {
    super('KNOWLEDGE_NOT_FOUND', `The knowledge base holds no entry ${JSON.stringify(id)}.`, {
      hint: 'List the entries with `knowledge list`.',
    });
  }
}
