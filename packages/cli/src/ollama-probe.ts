/**
 * Whether LLM diagnosis could run now: one quick GET of Ollama's /api/tags. It only informs the
 * report (findings are rule-based and complete without it) and never decides an exit status.
 */
import { z } from 'zod';

export const OLLAMA_PROBE_TIMEOUT_MS = 800;

const tagsSchema = z.object({ models: z.array(z.object({ name: z.string() })).default([]) });

export interface OllamaProbe {
  ollamaHost: string;
  model: string;
  reachable: boolean;
  /** Whether the configured model is pulled; null when Ollama was not reachable. */
  modelPresent: boolean | null;
  /** One line for the report. */
  summary: string;
}

export async function probeOllama(ollamaHost: string, model: string, timeoutMs = OLLAMA_PROBE_TIMEOUT_MS): Promise<OllamaProbe> {
  const url = new URL('/api/tags', ollamaHost).toString();
  const unreachable = (why: string): OllamaProbe => ({
    ollamaHost,
    model,
    reachable: false,
    modelPresent: null,
    summary: `Ollama at ${ollamaHost} is not reachable (${why}): findings above are rule-based; start Ollama or set ollamaHost.`,
  });
  let body: unknown;
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    if (!response.ok) return unreachable(`HTTP ${response.status} from /api/tags`);
    body = await response.json();
  } catch (error) {
    const name = (error as Error).name;
    const why = name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : describeFetchError(error);
    return unreachable(why);
  }
  const tags = tagsSchema.safeParse(body);
  if (!tags.success) return unreachable('its /api/tags answer is not Ollama\'s');
  const names = tags.data.models.map((m) => m.name);
  const present = names.includes(model) || names.includes(`${model}:latest`);
  return {
    ollamaHost,
    model,
    reachable: true,
    modelPresent: present,
    summary: present
      ? `LLM diagnosis is available: Ollama at ${ollamaHost} has ${model}.`
      : `Ollama at ${ollamaHost} has no model ${model}: findings above are rule-based; run \`ollama pull ${model}\`.`,
  };
}

function describeFetchError(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error as Error).message;
}
