/**
 * GET /v1/issues (filters: status, host, severity, limit; newest first, without timelines),
 * GET /v1/issues/:id (with its timeline), POST /v1/issues/:id/reset-remediation (after the
 * circuit breaker gave up; 409 when it has not).
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  API_PATHS,
  type Issue,
  type IssueSummary,
  decideRequestSchema,
  issueIdParamsSchema,
  issueListQuerySchema,
} from '@ai-sysadmin/core';
import type { ApiContext } from './api-context.js';

export function issuesRoutes(app: FastifyInstance, ctx: ApiContext): void {
  const typed = app.withTypeProvider<ZodTypeProvider>();
  typed.get(API_PATHS.issues, { schema: { querystring: issueListQuerySchema } }, async (request) => {
    const q = request.query;
    const issues = ctx.tracker
      .all()
      .filter((i) => q.status === 'all' || (q.status === 'active' ? i.status !== 'resolved' : i.status === q.status))
      .filter((i) => !q.host || i.host === q.host)
      .filter((i) => !q.severity || i.severity === q.severity)
      .reverse()
      .slice(0, q.limit);
    return { issues: issues.map(summary) };
  });
  typed.get(API_PATHS.issue(':id'), { schema: { params: issueIdParamsSchema } }, async (request) => ({
    issue: ctx.tracker.get(Number(request.params.id)),
  }));
  typed.post(
    API_PATHS.resetRemediation(':id'),
    { schema: { params: issueIdParamsSchema, body: decideRequestSchema } },
    async (request) => {
      const id = Number(request.params.id);
      ctx.resetRemediation(id, request.body.by);
      return { issue: ctx.tracker.get(id) };
    },
  );
}

function summary(issue: Issue): IssueSummary {
  const { timeline: _t, evidence: _e, severityHistory: _s, ...rest } = issue;
  return rest;
}
