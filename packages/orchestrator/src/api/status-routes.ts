/** GET /v1/status: each dependency and host up or down with the reason, the last cycle, queue and outbox depth, versions. */
import type { FastifyInstance } from 'fastify';
import { API_PATHS } from '@ai-sysadmin/core';
import type { ApiContext } from './api-context.js';

export function statusRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app.get(API_PATHS.status, async () => ctx.status());
}
