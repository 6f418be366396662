/**
 * The daemon's local API: Fastify with zod schemas for every body and query
 * (fastify-type-provider-zod), routes under /v1 plus /metrics, on a unix socket (mode 0660, group
 * `api.group`), and optionally on TCP (`api.listen`) for Alertmanager and Prometheus, where
 * every route but the bare GET /v1/health needs `Authorization: Bearer <token of api.tokenFile>`.
 */
import { timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import Fastify, { type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { API_PATHS, type Config } from '@ai-sysadmin/core';
import { ApiSocketError } from '../errors/api-socket-error.js';
import { alertmanagerRoutes } from './alertmanager-routes.js';
import type { ApiContext } from './api-context.js';
import { errorBody, installErrorHandlers } from './api-errors.js';
import { approvalsRoutes } from './approvals-routes.js';
import { chatRoutes } from './chat-routes.js';
import { checkRoutes } from './check-routes.js';
import { healthRoutes } from './health-routes.js';
import { issuesRoutes } from './issues-routes.js';
import { knowledgeRoutes } from './knowledge-routes.js';
import { logsRoutes } from './logs-routes.js';
import { metricsRoutes } from './metrics-routes.js';
import { notifyRoutes } from './notify-routes.js';
import { statusRoutes } from './status-routes.js';
import { triggerRoutes } from './trigger-routes.js';
import { prepareSocketPath, secureSocket } from './unix-socket.js';

export interface ApiServer {
  readonly socketPath: string;
  /** The TCP listener's address, when one is open. */
  readonly tcpAddress: string | undefined;
  close(): Promise<void>;
}

export function buildApi(ctx: ApiContext, options: { bodyLimitBytes: number; tokenFile?: string }): FastifyInstance {
  const app = Fastify({
    logger: false,
    bodyLimit: options.bodyLimitBytes,
    forceCloseConnections: true,
    return503OnClosing: true,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandlers(app, ctx.logger);
  if (options.tokenFile) {
    const tokenFile = options.tokenFile;
    app.addHook('onRequest', async (request, reply) => {
      if (request.method === 'GET' && request.url === API_PATHS.health) return;
      if (!bearerMatches(request.headers.authorization, tokenFile, ctx)) {
        return reply
          .code(401)
          .header('www-authenticate', 'Bearer')
          .send(
            errorBody('UNAUTHORIZED', 'a bearer token is required', {
              hint: 'Send Authorization: Bearer <the token in api.tokenFile>.',
            }),
          );
      }
    });
  }
  for (const routes of [
    healthRoutes,
    statusRoutes,
    checkRoutes,
    issuesRoutes,
    approvalsRoutes,
    notifyRoutes,
    logsRoutes,
    triggerRoutes,
    alertmanagerRoutes,
    chatRoutes,
    knowledgeRoutes,
    metricsRoutes,
  ]) {
    routes(app, ctx);
  }
  return app;
}

export async function openApi(ctx: ApiContext, config: Config): Promise<ApiServer> {
  const socketPath = config.api.socket;
  await prepareSocketPath(socketPath);
  const local = buildApi(ctx, { bodyLimitBytes: config.api.bodyLimitBytes });
  // The socket is created with mode 0660 at once (umask), not made private only after a moment.
  const umask = process.umask(0o117);
  try {
    await local.listen({ path: socketPath });
  } finally {
    process.umask(umask);
  }
  try {
    secureSocket(socketPath, config.api.group);
  } catch (error) {
    await local.close();
    throw error;
  }
  let tcp: FastifyInstance | undefined;
  let tcpAddress: string | undefined;
  if (config.api.listen) {
    const at = config.api.listen.lastIndexOf(':');
    const host = config.api.listen.slice(0, at).replace(/^\[(.*)\]$/, '$1');
    const port = Number(config.api.listen.slice(at + 1));
    tcp = buildApi(ctx, { bodyLimitBytes: config.api.bodyLimitBytes, tokenFile: config.api.tokenFile! });
    try {
      tcpAddress = await tcp.listen({ host, port });
    } catch (error) {
      await local.close();
      throw new ApiSocketError(
        `cannot listen on ${config.api.listen} (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
        'Another program may hold the port; change api.listen.',
        { cause: error },
      );
    }
  }
  return {
    socketPath,
    tcpAddress,
    close: async () => {
      await Promise.all([local.close(), tcp?.close()]);
    },
  };
}

function bearerMatches(header: string | undefined, tokenFile: string, ctx: ApiContext): boolean {
  if (!header?.startsWith('Bearer ')) return false;
  let expected: string;
  try {
    expected = readFileSync(tokenFile, 'utf8').trim();
  } catch (error) {
    ctx.logger.error(
      { tokenFile, err: (error as NodeJS.ErrnoException).code },
      'api.tokenFile cannot be read: every TCP request is refused',
    );
    return false;
  }
  const given = Buffer.from(header.slice(7).trim());
  const wanted = Buffer.from(expected);
  return expected !== '' && given.length === wanted.length && timingSafeEqual(given, wanted);
}
