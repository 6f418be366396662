import { describe, expect, it } from 'vitest';
import {
  JobCancelledError,
  LlmTimeoutError,
  LlmWorkerError,
  ModelNotFoundError,
  OllamaRequestError,
  OllamaUnreachableError,
  ToolCallFormatError,
  classifyOllamaError,
  errorFromWire,
  errorToWire,
} from '@ai-sysadmin/worker';

const URL_ = 'http://10.0.0.9:11434';

describe('classifyOllamaError', () => {
  it('names an unreachable Ollama with its URL and what to check', () => {
    const refused = new TypeError('fetch failed', {
      cause: Object.assign(new Error('connect ECONNREFUSED 10.0.0.9:11434'), { code: 'ECONNREFUSED' }),
    });
    const error = classifyOllamaError(refused, URL_, 'qwen3:8b');
    expect(error).toBeInstanceOf(OllamaUnreachableError);
    expect(error.retryable).toBe(true);
    expect(error.message).toBe('Ollama at http://10.0.0.9:11434 is not reachable (ECONNREFUSED).');
    expect(error.hint).toContain('curl http://10.0.0.9:11434/api/version');
  });

  it('treats a connection dropped mid-answer as unreachable (retried)', () => {
    const cut = new TypeError('terminated', {
      cause: Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }),
    });
    expect(classifyOllamaError(cut, URL_, 'm')).toBeInstanceOf(OllamaUnreachableError);
  });

  it('says which model to pull, and does not retry', () => {
    const missing = Object.assign(new Error('model "qwen3:8b" not found, try pulling it first'), {
      name: 'ResponseError',
      status_code: 404,
    });
    const error = classifyOllamaError(missing, URL_, 'qwen3:8b');
    expect(error).toBeInstanceOf(ModelNotFoundError);
    expect(error.retryable).toBe(false);
    expect(error.describe()).toBe(
      'Ollama at http://10.0.0.9:11434 has no model qwen3:8b.\n  -> Run `ollama pull qwen3:8b` on the Ollama host, or set model/embedModel in the config to one that `ollama list` shows.',
    );
  });

  it('retries a busy Ollama, not an out-of-memory one', () => {
    const busy = classifyOllamaError(
      Object.assign(new Error('server busy'), { name: 'ResponseError', status_code: 503 }),
      URL_,
      'm',
    );
    expect(busy).toBeInstanceOf(OllamaRequestError);
    expect(busy.retryable).toBe(true);
    const oom = classifyOllamaError(
      Object.assign(new Error('model requires more system memory (9.1 GiB) than is available (4.0 GiB)'), {
        name: 'ResponseError',
        status_code: 500,
      }),
      URL_,
      'm',
    );
    expect(oom.retryable).toBe(false);
    expect(oom.hint).toMatch(/smaller model/);
  });
});

describe('errors across the queue', () => {
  it.each([
    new OllamaUnreachableError(URL_, 'ECONNREFUSED', { attempts: 5 }),
    new ModelNotFoundError(URL_, 'qwen3:8b'),
    new OllamaRequestError(URL_, 500, 'out of memory'),
    new ToolCallFormatError('{"a":', 'a string is cut off'),
    new LlmTimeoutError('chat', 300_000),
    new JobCancelledError('7c9e6679-7425-40de-944b-e07fc1f90ae7'),
    new LlmWorkerError('boom'),
  ])('$code comes back as the same class with the same message and hint', (error) => {
    const back = errorFromWire(JSON.parse(JSON.stringify(errorToWire(error))));
    expect(back).toBeInstanceOf(error.constructor);
    expect(back.message).toBe(error.message);
    expect(back.hint).toBe(error.hint);
    expect(back.code).toBe(error.code);
  });

  it('turns an unknown error into LlmWorkerError, keeping its words', () => {
    const back = errorFromWire({ name: 'WeirdError', code: 'WEIRD', message: 'it broke' });
    expect(back).toBeInstanceOf(LlmWorkerError);
    expect(back.message).toContain('WeirdError: it broke');
  });
});
