import { AiSysadminError } from '@ai-sysadmin/core';

/** No chat session has this id. */
export class ChatSessionNotFoundError extends AiSysadminError {
  constructor(readonly id: string) {
    super('CHAT_SESSION_NOT_FOUND', `There is no chat session ${JSON.stringify(id)}.`, {
      hint: 'List the sessions with GET /v1/chat/sessions; a new session starts with its first message.',
    });
  }
}
