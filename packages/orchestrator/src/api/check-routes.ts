/**
 * POST /v1/check: a check now. It joins the cycle that runs (or waits) when that one covers the
 * hosts asked for. The answer is NDJSON: `started`, one `host` line per host as it finishes,
 * then `report` with the whole CheckReport and the cycle's record.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { API_PATHS, type CheckProgress, type HostSnapshot, checkRequestSchema } from '@ai-sysadmin/core';
import { selectHosts } from '../health/run-check.js';
import type { ApiContext } from './api-context.js';
import { describeApiError } from './api-errors.js';
import { ndjson } from './ndjson.js';

export function checkRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app
    .withTypeProvider<ZodTypeProvider>()
    .post(API_PATHS.check, { schema: { body: checkRequestSchema.optional() } }, async (request, reply) => {
      const wanted = request.body?.hosts;
      // An unknown host is bad input (400), found before anything runs.
      const hosts = wanted
        ? selectHosts(ctx.config(), { hosts: wanted })
        : selectHosts(ctx.config(), { allHosts: true });
      const { run, joined } = ctx.requestCycle(wanted ? hosts : 'all', 'check');
      const out = ndjson(reply);
      const line = (value: CheckProgress) => out.write(value);
      line({ type: 'started', cycle: run.number, hosts, joined });
      const sent = new Set<string>();
      const host = (s: HostSnapshot) => {
        if (sent.has(s.host)) return;
        sent.add(s.host);
        line({
          type: 'host',
          host: s.host,
          status: s.status,
          durationMs: s.durationMs,
          reason: s.down?.reason ?? null,
        });
      };
      run.snapshots.forEach(host);
      run.on('host', host);
      try {
        const outcome = await run.done;
        line({ type: 'report', report: outcome.report, cycle: outcome.record });
      } catch (error) {
        line({ type: 'error', error: describeApiError(error).body.error });
      } finally {
        run.off('host', host);
        out.end();
      }
      return reply;
    });
}
