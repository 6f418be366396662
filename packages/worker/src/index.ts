/** The LLM worker, its producer API, the deterministic log reducer, and their errors. */
export { startLlmWorker, type LlmWorker, type StartLlmWorkerOptions } from './llm-worker.js';
export { LlmQueueClient, type RequestOptions, type LlmQueueClientOptions } from './producer/llm-queue-client.js';
export { LlmRequest } from './producer/llm-request.js';
export { reduceLog, type ReducedLog, type ReduceLogOptions, type LogTemplate } from './summarize/reduce-log.js';
export { maskTemplate } from './summarize/mask-template.js';
export { parseLogLine, severityFromWords, type LogLine, type Severity } from './summarize/log-line.js';
export { chunkText } from './summarize/chunk-text.js';
/** Core's token estimate, which every budget of the worker is computed with. */
export { estimateTokens, CHARS_PER_TOKEN } from '@ai-sysadmin/core';
export {
  summarizeInChunks,
  promptOverheadTokens,
  type ChunkedSummary,
  type Completion,
  type CompletionRequest,
} from './summarize/summarize-in-chunks.js';
export { repairJson, type RepairResult } from './tool-calls/repair-json.js';
export { toolCallFromRaw, toolCallsFromOllama, ollamaToolCallParseError } from './tool-calls/tool-call-from-text.js';
export { classifyOllamaError } from './ollama/classify-ollama-error.js';
export { modelCapabilities } from './ollama/model-capabilities.js';
export * from './errors/index.js';
