/**
 * Embeddings for the vector store, always supplied explicitly: ChromaDB's default embedding
 * function (which downloads a model) is never used. The daemon's embedder asks the LLM queue
 * (`embedModel`, batch priority by default), so embedding waits behind chat like all inference.
 */
import { errorMessage } from '@ai-sysadmin/core';
import type { Config, PriorityClass } from '@ai-sysadmin/core';
import type { LlmQueueClient } from '@ai-sysadmin/worker';
import { EmbedderUnavailableError } from '../errors/embedder-unavailable-error.js';

export interface Embedder {
  embed(texts: readonly string[], options?: { priority?: PriorityClass }): Promise<number[][]>;
}

const WORKER_SEEN_FOR_MS = 5000;

export class QueueEmbedder implements Embedder {
  private workerSeenAt = 0;

  constructor(
    private readonly llm: Pick<LlmQueueClient, 'embed' | 'workers'>,
    private readonly config: Pick<Config, 'embedModel'>,
    private readonly timeoutMs = 120_000,
  ) {}

  async embed(texts: readonly string[], options: { priority?: PriorityClass } = {}): Promise<number[][]> {
    // A worker seen a moment ago is taken as there: a search's embedding waits for no extra round trip.
    if (Date.now() - this.workerSeenAt > WORKER_SEEN_FOR_MS) {
      let workers: number;
      try {
        workers = await withTimeout(this.llm.workers(), 5000, 'Redis did not answer within 5 s');
      } catch (error) {
        throw new EmbedderUnavailableError(`the LLM queue cannot be reached (${errorMessage(error)})`, {
          cause: error,
        });
      }
      // Without a worker a job would wait in the queue until one starts; the buffer keeps the write instead.
      if (workers === 0) throw new EmbedderUnavailableError('no LLM worker serves the queue');
      this.workerSeenAt = Date.now();
    }
    try {
      const result = await this.llm.embed(
        { texts: [...texts], model: this.config.embedModel },
        { priority: options.priority ?? 'batch', signal: AbortSignal.timeout(this.timeoutMs) },
      );
      return result.embeddings;
    } catch (error) {
      this.workerSeenAt = 0;
      throw new EmbedderUnavailableError(errorMessage(error), { cause: error });
    }
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(message)), ms);
    }),
  ]);
}
