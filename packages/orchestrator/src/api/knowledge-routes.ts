/**
 * The knowledge base for the CLI: GET /v1/knowledge (newest first; `category=lesson` for the
 * lessons learned), POST /v1/knowledge (add; 202 when it waits in the buffer for ChromaDB),
 * GET /v1/knowledge/search?q=, POST /v1/knowledge/:id/delete; GET /v1/systems (the registry);
 * GET /v1/configs/search?q= and GET /v1/configs (the configRepo index's state). A search or list
 * with ChromaDB away answers 503 KNOWLEDGE_UNAVAILABLE with the reason; a write never fails for it.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  API_PATHS,
  type ConfigSearchResponse,
  type ConfigStateResponse,
  type KnowledgeDeleteResponse,
  type KnowledgeListResponse,
  type KnowledgeSearchResponse,
  type SearchOutcome,
  type SystemsResponse,
  knowledgeAddRequestSchema,
  knowledgeIdParamsSchema,
  knowledgeListQuerySchema,
  searchQuerySchema,
} from '@ai-sysadmin/core';
import { KnowledgeNotFoundError } from '../errors/knowledge-not-found-error.js';
import { KnowledgeUnavailableError } from '../errors/knowledge-unavailable-error.js';
import type { ApiContext } from './api-context.js';

function hitsOf<T>(outcome: SearchOutcome<T>): readonly T[] {
  if (!outcome.available) throw new KnowledgeUnavailableError(outcome.reason);
  return outcome.hits;
}

export function knowledgeRoutes(app: FastifyInstance, ctx: ApiContext): void {
  const typed = app.withTypeProvider<ZodTypeProvider>();
  typed.get(
    API_PATHS.knowledge,
    { schema: { querystring: knowledgeListQuerySchema } },
    async (request): Promise<KnowledgeListResponse> => ({
      entries: hitsOf(
        await ctx.knowledge.listKnowledge({
          limit: request.query.limit,
          ...(request.query.category ? { category: request.query.category } : {}),
        }),
      ),
    }),
  );
  typed.post(API_PATHS.knowledge, { schema: { body: knowledgeAddRequestSchema } }, async (request, reply) => {
    const stored = await ctx.knowledge.storeKnowledge({ ...request.body, source: 'user' });
    return reply.code(stored.buffered ? 202 : 201).send(stored);
  });
  typed.get(
    API_PATHS.knowledgeSearch,
    { schema: { querystring: searchQuerySchema } },
    async (request): Promise<KnowledgeSearchResponse> => ({
      hits: hitsOf(await ctx.knowledge.searchKnowledge(request.query.q, request.query.limit)),
    }),
  );
  typed.post(API_PATHS.knowledgeDelete(':id'), { schema: { params: knowledgeIdParamsSchema } }, async (request) => {
    let result;
    try {
      result = await ctx.knowledge.deleteKnowledge(request.params.id);
    } catch (error) {
      throw new KnowledgeUnavailableError(`the knowledge base is unavailable: ${(error as Error).message}`);
    }
    if (!result.deleted) throw new KnowledgeNotFoundError(request.params.id);
    const answer: KnowledgeDeleteResponse = { id: request.params.id, ...result };
    return answer;
  });
  typed.get(API_PATHS.systems, async (): Promise<SystemsResponse> => ({ systems: ctx.systems.list() }));
  typed.get(
    API_PATHS.configsSearch,
    { schema: { querystring: searchQuerySchema } },
    async (request): Promise<ConfigSearchResponse> => ({
      hits: hitsOf(await ctx.knowledge.searchConfigs(request.query.q, request.query.limit)),
      state: ctx.configIndex.state(),
    }),
  );
  typed.get(API_PATHS.configsState, async (): Promise<ConfigStateResponse> => ({ state: ctx.configIndex.state() }));
}
