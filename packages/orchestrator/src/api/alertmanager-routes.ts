/** POST /v1/alertmanager: Alertmanager's webhook (payload version 4, validated); firing alerts open or update issues, resolved ones resolve them. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { API_PATHS, alertmanagerPayloadSchema } from '@ai-sysadmin/core';
import type { ApiContext } from './api-context.js';

export function alertmanagerRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app
    .withTypeProvider<ZodTypeProvider>()
    .post(API_PATHS.alertmanager, { schema: { body: alertmanagerPayloadSchema } }, async (request) =>
      ctx.alertmanager(request.body),
    );
}
