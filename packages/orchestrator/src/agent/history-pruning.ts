/**
 * Keeps a run's messages within the model's context (`llm.contextTokens`, less the answer's
 * share and the tool definitions). What goes first: the oldest tool results (each replaced by a
 * line saying it was dropped and how to get it back), then the oldest earlier turns of the
 * conversation. Never the system prompt, never the person's request.
 */
import { type ChatMessage, estimateTokens } from '@ai-sysadmin/core';

export const DROPPED_RESULT =
  '[this tool result was dropped to fit the context; call the tool again, or page its cache id with retrieve_cached_output, if you still need it]';

export function messageTokens(message: ChatMessage): number {
  const calls = message.toolCalls?.length ? JSON.stringify(message.toolCalls) : '';
  // A few tokens of each message's framing (role, separators) as chat templates add them.
  return estimateTokens(message.content) + estimateTokens(calls) + 4;
}

export function totalTokens(messages: readonly ChatMessage[]): number {
  return messages.reduce((n, m) => n + messageTokens(m), 0);
}

/**
 * Prunes in place to at most `budget` tokens; `requestIndex` is the person's request (kept).
 * Returns how many messages were shortened or removed, and where the request is now.
 */
export function pruneHistory(
  messages: ChatMessage[],
  budget: number,
  requestIndex: number,
): { pruned: number; requestIndex: number } {
  let total = totalTokens(messages);
  let pruned = 0;
  for (let i = 0; i < messages.length && total > budget; i++) {
    const m = messages[i]!;
    if (m.role !== 'tool' || m.content === DROPPED_RESULT) continue;
    total -= messageTokens(m);
    messages[i] = { ...m, content: DROPPED_RESULT };
    total += messageTokens(messages[i]!);
    pruned++;
  }
  // Still too much: earlier turns of the conversation go, oldest first (the system prompt stays).
  let request = requestIndex;
  while (total > budget && request > 1) {
    const [removed] = messages.splice(1, 1);
    total -= messageTokens(removed!);
    request--;
    pruned++;
  }
  return { pruned, requestIndex: request };
}
