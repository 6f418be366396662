/**
 * Turns whatever the ollama client threw into the error a person can act on. The client throws
 * `TypeError('fetch failed')` with the socket error as cause when nothing answers, `TypeError
 * ('terminated')` when the connection drops mid-stream, `ResponseError` (status_code, error) for
 * an HTTP error, and a plain Error with Ollama's text for an {"error": ...} line inside a stream.
 */
import { ModelNotFoundError } from '../errors/model-not-found-error.js';
import type { LlmError } from '../errors/llm-error.js';
import { LlmWorkerError } from '../errors/llm-worker-error.js';
import { OllamaRequestError } from '../errors/ollama-request-error.js';
import { OllamaUnreachableError } from '../errors/ollama-unreachable-error.js';

const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EPIPE',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_HEADERS_TIMEOUT',
]);

export function classifyOllamaError(error: unknown, url: string, model: string): LlmError {
  if (!(error instanceof Error)) return new LlmWorkerError(String(error));
  const code = socketCode(error);
  if (code && UNREACHABLE_CODES.has(code)) return new OllamaUnreachableError(url, code, { cause: error });
  if (error instanceof TypeError && (error.message === 'fetch failed' || error.message === 'terminated')) {
    return new OllamaUnreachableError(
      url,
      error.message === 'terminated' ? 'the connection dropped mid-answer' : 'fetch failed',
      { cause: error },
    );
  }
  if (error.message.startsWith('Did not receive done or success response in stream')) {
    return new OllamaUnreachableError(url, 'the answer stopped before it was complete', { cause: error });
  }
  const status = (error as { status_code?: unknown }).status_code;
  const statusCode = typeof status === 'number' ? status : undefined;
  if (isModelMissing(error.message, statusCode)) return new ModelNotFoundError(url, model);
  if (error.name === 'ResponseError' || statusCode !== undefined)
    return new OllamaRequestError(url, statusCode, error.message);
  // A stream's {"error": "..."} line (the runner died, out of memory, ...).
  return new OllamaRequestError(url, undefined, error.message);
}

function isModelMissing(message: string, status: number | undefined): boolean {
  return (status === 404 || status === undefined) && /model ["']?.*["']? not found/i.test(message);
}

function socketCode(error: Error): string | undefined {
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current && typeof current === 'object' && !seen.has(current)) {
    seen.add(current);
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    const inner = (current as { errors?: unknown[] }).errors;
    if (Array.isArray(inner) && inner.length) {
      const innerCode = (inner[0] as { code?: unknown }).code;
      if (typeof innerCode === 'string') return innerCode;
    }
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}
