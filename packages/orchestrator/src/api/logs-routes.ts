/** GET /v1/logs?source=orchestrator|actions&lines=N: the daemon's own log lines (rotated files included), or the audit log's entries. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { API_PATHS, logsQuerySchema } from '@ai-sysadmin/core';
import { tailLogs } from '../daemon/daemon-logger.js';
import type { ApiContext } from './api-context.js';

export function logsRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app
    .withTypeProvider<ZodTypeProvider>()
    .get(API_PATHS.logs, { schema: { querystring: logsQuerySchema } }, async (request) => {
      const { source, lines } = request.query;
      if (source === 'actions') {
        const { entries, skipped } = ctx.executor().audit.read();
        return { source, entries: entries.slice(-lines), skipped };
      }
      const entries = tailLogs(ctx.logsDir, lines).map((line) => {
        try {
          return JSON.parse(line) as unknown;
        } catch {
          return { msg: line };
        }
      });
      return { source, entries };
    });
}
