/** GET /metrics in Prometheus' text format. */
import type { FastifyInstance } from 'fastify';
import { API_PATHS } from '@ai-sysadmin/core';
import type { ApiContext } from './api-context.js';

export function metricsRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app.get(API_PATHS.metrics, async (_request, reply) =>
    reply.header('content-type', ctx.metrics.registry.contentType).send(await ctx.metrics.registry.metrics()),
  );
}
