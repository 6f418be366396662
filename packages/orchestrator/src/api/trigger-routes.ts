/**
 * POST /v1/trigger {kind: "unit-failed", unit, host?}: what `ai-sysadmin trigger unit-failed`
 * sends from a systemd OnFailure= hook. The host is checked at once (joining a cycle that covers
 * it), so its alert goes out within seconds; the answer comes before the check ends.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { API_PATHS, type TriggerResponse, triggerRequestSchema } from '@ai-sysadmin/core';
import { selectHosts } from '../health/run-check.js';
import type { ApiContext } from './api-context.js';

export function triggerRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app
    .withTypeProvider<ZodTypeProvider>()
    .post(API_PATHS.trigger, { schema: { body: triggerRequestSchema } }, async (request, reply) => {
      const { host, unit } = request.body;
      selectHosts(ctx.config(), { hosts: [host] }); // an unknown host is a 400 before anything runs
      const { run, joined } = ctx.requestCycle([host], 'trigger');
      ctx.logger.info(
        { trigger: 'unit-failed', unit, host, cycle: run.number, joined },
        `trigger: ${unit} failed on ${host}; checking ${host} now`,
      );
      const body: TriggerResponse = { accepted: true, cycle: run.number, host, joined };
      return reply.code(202).send(body);
    });
}
