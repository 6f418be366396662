/**
 * Whether LLM diagnosis could run now: one quick GET of Ollama's /api/tags. It only informs the
 * report (findings are rule-based and complete without it) and never decides an exit status.
 */
import { z } from 'zod';
import { errorMessage } from '@ai-sysadmin/core';

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

export async function probeOllama(
  ollamaHost: string,
  model: string,
  timeoutMs = OLLAMA_PROBE_TIMEOUT_MS,
): Promise<OllamaProbe> {
  const unreachable = (why: string): OllamaProbe => ({
    ollamaHost,
    model,
    reachable: false,
    modelPresent: null,
    summary: `Ollama at ${ollamaHost} is not reachable (${why}): findings above are rule-based; start Ollama or set ollamaHost.`,
  });
  let body: unknown;
  try {
    body = await getJson(new URL('/api/tags', ollamaHost), timeoutMs);
  } catch (error) {
    return unreachable(errorMessage(error));
  }
  const tags = tagsSchema.safeParse(body);
  if (!tags.success) return unreachable("its /api/tags answer is not Ollama's");
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

/**
 * One GET with node:http(s) rather than fetch: fetch loads undici on first use, which alone
 * costs a standalone check ~20 ms for a probe that is usually refused at once.
 */
async function getJson(url: URL, timeoutMs: number): Promise<unknown> {
  const { request } = url.protocol === 'https:' ? await import('node:https') : await import('node:http');
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: 'GET', timeout: timeoutMs, headers: { accept: 'application/json' } },
      (response) => {
        if (response.statusCode !== 200) {
          response.resume();
          reject(new Error(`HTTP ${response.statusCode} from /api/tags`));
          return;
        }
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          try {
            resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
          } catch {
            reject(new Error('its /api/tags answer is not JSON'));
          }
        });
        response.on('error', reject);
      },
    );
    // `timeout` covers an idle socket; the overall limit is this timer, so a slow trickle cannot stretch it.
    const timer = setTimeout(() => req.destroy(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    req.on('close', () => clearTimeout(timer));
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', (error: NodeJS.ErrnoException) => reject(new Error(error.code ?? error.message)));
    req.end();
  });
}
