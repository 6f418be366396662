import { AiSysadminError } from '@ai-sysadmin/core';

/** A chat session already has an answer in progress; one message at a time per session. */
export class ChatBusyError extends AiSysadminError {
  constructor(readonly id: string) {
    super('CHAT_BUSY', `Chat session ${id} is still answering the previous message.`, {
      hint: `Wait for it, or cancel it with POST /v1/chat/sessions/${id}/cancel.`,
    });
  }
}
