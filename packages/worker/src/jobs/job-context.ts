/** What a job handler gets: its data's Ollama client, its event stream, the cache, the config. */
import type { Config, JobEvent, Logger, ToolCache } from '@ai-sysadmin/core';
import type { OllamaGateway } from '../ollama/ollama-gateway.js';

export type ProgressEvent = Omit<Extract<JobEvent, { type: 'progress' }>, 'type' | 'attempt'>;

export interface JobContext {
  jobId: string;
  attempt: number;
  signal: AbortSignal;
  config: Config;
  ollama: OllamaGateway;
  cache: ToolCache;
  logger: Logger;
  token(text: string): void;
  progress(event: ProgressEvent): Promise<void>;
  /** Replaces the job's data in the queue (a summary's text, once it is in the cache). */
  replaceData(data: unknown): Promise<void>;
  /** The context length to ask of this model: the config's, or less when the model has less. */
  contextTokens(model: string): Promise<number>;
}
