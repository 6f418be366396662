/**
 * Every refused request answers `{ error: { code, message, hint?, issues? } }`: 400 for bad input
 * (each wrong field by path, with the reason), 404 for an unknown id or route, 409 for an action
 * already decided, 413 for a body over `api.bodyLimitBytes`, 415 for a body that is not JSON.
 * A refused request changes nothing: validation runs before any handler.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AiSysadminError, type ApiErrorBody, type Logger, errorMessage } from '@ai-sysadmin/core';

const STATUS_BY_CODE: Record<string, number> = {
  ISSUE_NOT_FOUND: 404,
  ACTION_NOT_FOUND: 404,
  ACTION_ALREADY_DECIDED: 409,
  ACTION_EXPIRED: 409,
  REMEDIATION_NOT_GIVEN_UP: 409,
  UNKNOWN_HOST: 400,
  ACTION_REQUEST_INVALID: 400,
  CHAT_SESSION_NOT_FOUND: 404,
  CHAT_BUSY: 409,
  KNOWLEDGE_NOT_FOUND: 404,
  KNOWLEDGE_UNAVAILABLE: 503,
};

export function errorBody(
  code: string,
  message: string,
  extra: { hint?: string | undefined; issues?: ApiErrorBody['error']['issues'] } = {},
): ApiErrorBody {
  return {
    error: {
      code,
      message,
      ...(extra.hint ? { hint: extra.hint } : {}),
      ...(extra.issues ? { issues: extra.issues } : {}),
    },
  };
}

/** The status and body for an error a handler threw (or Fastify raised). */
export function describeApiError(error: unknown): { status: number; body: ApiErrorBody } {
  if (hasZodFastifySchemaValidationErrors(error)) {
    const where = (error as FastifyError).validationContext ?? 'request';
    const issues = error.validation.map((v) => {
      const keys = (v.params as { keys?: string[] }).keys;
      const path = [where, ...v.instancePath.split('/').filter(Boolean)].join('.');
      return { path: keys?.length ? `${path}.${keys.join(',')}` : path, message: v.message ?? 'is invalid' };
    });
    return {
      status: 400,
      body: errorBody('BAD_REQUEST', issues.map((i) => `${i.path}: ${i.message}`).join('; '), { issues }),
    };
  }
  if (error instanceof AiSysadminError) {
    return {
      status: STATUS_BY_CODE[error.code] ?? 500,
      body: errorBody(error.code, error.message, { hint: error.hint }),
    };
  }
  const fastifyError = error as FastifyError;
  if (fastifyError.code === 'FST_ERR_CTP_BODY_TOO_LARGE')
    return {
      status: 413,
      body: errorBody('BODY_TOO_LARGE', fastifyError.message, { hint: 'api.bodyLimitBytes sets the limit.' }),
    };
  if (fastifyError.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE')
    return {
      status: 415,
      body: errorBody('UNSUPPORTED_MEDIA_TYPE', 'the body must be JSON (Content-Type: application/json)'),
    };
  if (fastifyError.statusCode && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
    return {
      status: fastifyError.statusCode,
      body: errorBody(fastifyError.code ?? 'BAD_REQUEST', fastifyError.message),
    };
  }
  return { status: 500, body: errorBody('INTERNAL', errorMessage(error)) };
}

export function installErrorHandlers(app: FastifyInstance, logger: Logger): void {
  app.setErrorHandler((error: unknown, request: FastifyRequest, reply: FastifyReply) => {
    const { status, body } = describeApiError(error);
    if (status >= 500)
      logger.error(
        {
          method: request.method,
          url: request.url,
          err: error instanceof Error ? (error.stack ?? error.message) : String(error),
        },
        'API request failed',
      );
    return reply.code(status).send(body);
  });
  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send(errorBody('NOT_FOUND', `no route ${request.method} ${request.url.split('?')[0]}`)),
  );
}
