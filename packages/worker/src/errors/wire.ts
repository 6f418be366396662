/**
 * Errors crossing the queue: the worker writes them as data (WireError), the producer rebuilds
 * the same class, so callers can `instanceof` and read `hint` on either side.
 */
import type { WireError } from '@ai-sysadmin/core';
import { InvalidJobError } from './invalid-job-error.js';
import { JobCancelledError } from './job-cancelled-error.js';
import { type LlmError } from './llm-error.js';
import { LlmTimeoutError } from './llm-timeout-error.js';
import { LlmWorkerError } from './llm-worker-error.js';
import { ModelNotFoundError } from './model-not-found-error.js';
import { OllamaRequestError } from './ollama-request-error.js';
import { OllamaUnreachableError } from './ollama-unreachable-error.js';
import { ToolCallFormatError } from './tool-call-format-error.js';

type Details = Record<string, unknown>;
const s = (d: Details, k: string) => String(d[k] ?? '');
const n = (d: Details, k: string) => Number(d[k] ?? 0);

const REBUILD: Record<string, (d: Details) => LlmError> = {
  [OllamaUnreachableError.CODE]: (d) => new OllamaUnreachableError(s(d, 'url'), s(d, 'reason')),
  [ModelNotFoundError.CODE]: (d) => new ModelNotFoundError(s(d, 'url'), s(d, 'model')),
  [OllamaRequestError.CODE]: (d) =>
    new OllamaRequestError(s(d, 'url'), d.status === undefined ? undefined : n(d, 'status'), s(d, 'ollamaMessage')),
  [ToolCallFormatError.CODE]: (d) => new ToolCallFormatError(s(d, 'raw'), s(d, 'reason')),
  [LlmTimeoutError.CODE]: (d) => new LlmTimeoutError(s(d, 'kind'), n(d, 'timeoutMs')),
  [JobCancelledError.CODE]: (d) => new JobCancelledError(s(d, 'jobId')),
  [InvalidJobError.CODE]: (d) =>
    new InvalidJobError(
      s(d, 'kind'),
      Array.isArray(d.problems) ? (d.problems as Array<{ path: string; message: string }>) : [],
    ),
  [LlmWorkerError.CODE]: (d) => new LlmWorkerError(s(d, 'reason')),
};

export function errorToWire(error: LlmError): WireError {
  return {
    name: error.name,
    code: error.code,
    message: error.message,
    ...(error.hint ? { hint: error.hint } : {}),
    details: error.details(),
  };
}

export function errorFromWire(wire: WireError): LlmError {
  const rebuild = REBUILD[wire.code];
  if (rebuild) {
    const error = rebuild(wire.details ?? {});
    // The worker's wording wins (it may say more, e.g. how many attempts were made).
    Object.defineProperty(error, 'message', {
      value: wire.message,
      enumerable: false,
      writable: true,
      configurable: true,
    });
    return error;
  }
  return new LlmWorkerError(`${wire.name}: ${wire.message}`);
}
