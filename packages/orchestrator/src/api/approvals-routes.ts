/**
 * GET /v1/approvals (pending, or all), GET /v1/approvals/:id, and the decisions through the
 * Executor: POST /v1/approvals/:id/approve streams the run and its verification as NDJSON
 * (`approved`, one `run` and `verification` line per host, then `outcome`); .../reject answers
 * the rejected action. An unknown id is 404, an action already decided or expired 409, and the
 * first decision wins across processes (the executor's store).
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { API_PATHS, approvalListQuerySchema, decideRequestSchema, issueIdParamsSchema } from '@ai-sysadmin/core';
import type { ActionOutcome } from '@ai-sysadmin/executor';
import type { ApiContext } from './api-context.js';
import { describeApiError } from './api-errors.js';
import { ndjson } from './ndjson.js';

export function approvalsRoutes(app: FastifyInstance, ctx: ApiContext): void {
  const typed = app.withTypeProvider<ZodTypeProvider>();
  typed.get(API_PATHS.approvals, { schema: { querystring: approvalListQuerySchema } }, async (request) => ({
    actions: ctx.executor().list(request.query.status === 'pending' ? { status: 'pending' } : {}),
  }));
  typed.get(API_PATHS.approval(':id'), { schema: { params: issueIdParamsSchema } }, async (request) => ({
    action: ctx.executor().get(Number(request.params.id)),
  }));
  typed.post(
    API_PATHS.reject(':id'),
    { schema: { params: issueIdParamsSchema, body: decideRequestSchema } },
    async (request) => ({
      action: ctx.executor().reject(Number(request.params.id), request.body),
    }),
  );
  typed.post(
    API_PATHS.approve(':id'),
    { schema: { params: issueIdParamsSchema, body: decideRequestSchema } },
    async (request, reply) => {
      const id = Number(request.params.id);
      const executor = ctx.executor();
      executor.get(id); // 404 before anything is decided
      // The decision is claimed synchronously when approve() starts: a refusal (409) is known before the stream begins.
      const running = executor.approve(id, request.body);
      const early = await Promise.race([
        running.then(
          () => undefined,
          (error: unknown) => ({ error }),
        ),
        new Promise<undefined>((resolve) => setImmediate(() => resolve(undefined))),
      ]);
      if (early) throw early.error;
      const out = ndjson(reply);
      out.write({ type: 'approved', id, by: request.body.by });
      try {
        const outcome: ActionOutcome = await running;
        if (outcome.status === 'executed') {
          for (const run of outcome.runs)
            out.write({
              type: 'run',
              host: run.host,
              display: run.display,
              exitCode: run.result?.exitCode ?? null,
              timedOut: run.result?.timedOut ?? false,
              error: run.error ? { code: run.error.code, message: run.error.message } : null,
              stdout: run.result?.stdout.slice(0, 64 * 1024) ?? '',
              stderr: run.result?.stderr.slice(0, 64 * 1024) ?? '',
            });
          for (const v of outcome.verification)
            out.write({ type: 'verification', host: v.host, held: v.held, detail: v.detail });
        }
        out.write({
          type: 'outcome',
          status: outcome.status,
          ok: outcome.status === 'executed' ? outcome.ok : false,
          reason: outcome.decision.reason,
          action: outcome.action ?? executor.get(id),
        });
        ctx.actionDecided(outcome, request.body.by);
      } catch (error) {
        out.write({ type: 'error', error: describeApiError(error).body.error });
      } finally {
        out.end();
      }
      return reply;
    },
  );
}
