/** GET /v1/health: the bare probe, the one route the TCP listener answers without a token. It says nothing but that the daemon answers. */
import type { FastifyInstance } from 'fastify';
import { API_PATHS } from '@ai-sysadmin/core';

export function healthRoutes(app: FastifyInstance): void {
  app.get(API_PATHS.health, async () => ({ ok: true }));
}
