/**
 * What a model can do, as Ollama says in `/api/show` (`capabilities`: completion, tools,
 * thinking, embedding, vision...). Not an inference: it reads the model's metadata, so it is
 * asked directly rather than through the queue. Failures come out classified (unreachable,
 * model not found).
 */
import { Ollama } from 'ollama';
import { classifyOllamaError } from './classify-ollama-error.js';

export async function modelCapabilities(url: string, model: string, signal?: AbortSignal): Promise<string[]> {
  const client = new Ollama({
    host: url,
    fetch: (input, init) => fetch(input, { ...init, ...(signal ? { signal } : {}) }),
  });
  try {
    const info = await client.show({ model });
    return [...((info as { capabilities?: string[] }).capabilities ?? [])];
  } catch (error) {
    throw classifyOllamaError(error, url, model);
  }
}
