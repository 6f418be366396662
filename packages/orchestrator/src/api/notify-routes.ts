/** POST /v1/notify {title?, message, priority?}: a person's own message (`<aiName>-notify`), through the outbox, as plain text. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { API_PATHS, notifyRequestSchema } from '@ai-sysadmin/core';
import type { ApiContext } from './api-context.js';

export function notifyRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app
    .withTypeProvider<ZodTypeProvider>()
    .post(API_PATHS.notify, { schema: { body: notifyRequestSchema } }, async (request, reply) =>
      reply.code(202).send(ctx.notify(request.body)),
    );
}
