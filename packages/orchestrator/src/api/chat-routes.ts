/**
 * The agent's conversation routes. POST /v1/chat (a session's next message) and POST /v1/ask (one
 * question, nothing kept) answer NDJSON ChatEvent lines as they happen: `session` first, then
 * `token`, `tool-started`/`tool-finished` (tool, host, duration), `action-pending` (its number),
 * `action-ran`, and last exactly one `done` or `error`. The client closing the stream, or
 * POST /v1/chat/sessions/:id/cancel, stops the answer (the queue job is cancelled). GET
 * /v1/chat/sessions lists the sessions, GET /v1/chat/sessions/:id shows one with its turns, and
 * POST /v1/approvals/:id/discuss opens the session about pending action N.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  API_PATHS,
  type ChatCancelResponse,
  type ChatEvent,
  type ChatSessionListResponse,
  type ChatSessionResponse,
  type DiscussResponse,
  askRequestSchema,
  chatRequestSchema,
  chatSessionParamsSchema,
  discussRequestSchema,
  issueIdParamsSchema,
} from '@ai-sysadmin/core';
import type { ChatInput } from '../chat/chat-service.js';
import { ChatBusyError } from '../errors/chat-busy-error.js';
import type { ApiContext } from './api-context.js';
import { ndjson } from './ndjson.js';

export function chatRoutes(app: FastifyInstance, ctx: ApiContext): void {
  const typed = app.withTypeProvider<ZodTypeProvider>();
  typed.post(API_PATHS.chat, { schema: { body: chatRequestSchema } }, async (request, reply) =>
    stream(ctx, request, reply, {
      session: request.body.session,
      message: request.body.message,
      ...(request.body.user ? { user: request.body.user } : {}),
    }),
  );
  typed.post(API_PATHS.ask, { schema: { body: askRequestSchema } }, async (request, reply) =>
    stream(ctx, request, reply, {
      message: request.body.question,
      ...(request.body.user ? { user: request.body.user } : {}),
    }),
  );
  typed.get(API_PATHS.chatSessions, async (): Promise<ChatSessionListResponse> => ({
    sessions: ctx.chat.sessions.list(),
  }));
  typed.get(
    API_PATHS.chatSession(':id'),
    { schema: { params: chatSessionParamsSchema } },
    async (request): Promise<ChatSessionResponse> => ({
      session: ctx.chat.sessions.get(request.params.id),
      answering: ctx.chat.service.busy(request.params.id),
    }),
  );
  typed.post(
    API_PATHS.chatCancel(':id'),
    { schema: { params: chatSessionParamsSchema } },
    async (request): Promise<ChatCancelResponse> => {
      ctx.chat.sessions.get(request.params.id); // 404 for a session that does not exist
      return { session: request.params.id, cancelled: ctx.chat.service.cancel(request.params.id) };
    },
  );
  typed.post(
    API_PATHS.discuss(':id'),
    { schema: { params: issueIdParamsSchema, body: discussRequestSchema.optional() } },
    async (request): Promise<DiscussResponse> => {
      const id = Number(request.params.id);
      const session = ctx.chat.service.openDiscussion(id);
      return { session, context: ctx.executor().discussion(id) };
    },
  );
}

async function stream(ctx: ApiContext, request: FastifyRequest, reply: FastifyReply, input: ChatInput) {
  // A busy session is refused (409) before the stream begins.
  if (input.session && ctx.chat.service.busy(input.session)) throw new ChatBusyError(input.session);
  const gone = new AbortController();
  reply.raw.on('close', () => {
    if (!reply.raw.writableFinished) gone.abort(new Error('the client closed the stream'));
  });
  const out = ndjson(reply);
  try {
    await ctx.chat.service.answer(input, (event: ChatEvent) => out.write(event), gone.signal);
  } finally {
    out.end();
  }
  return reply;
}
