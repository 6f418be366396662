/**
 * An HTTP server that speaks Ollama's real API (docs/api.md of ollama/ollama): /api/version,
 * /api/tags, /api/show, /api/chat and /api/generate (NDJSON streaming, or one JSON object with
 * "stream": false; tool_calls), /api/embed, and Ollama's own error bodies, e.g. a 404
 * `{"error":"model \"x\" not found, try pulling it first"}` for a model that is not pulled.
 * What the "model" answers is scripted per test.
 */
import { createHash } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { RestartableHttpServer, sendJson } from './http-server.js';

export interface OllamaMessage {
  role: string;
  content: string;
  tool_calls?: Array<{ function: { name: string; arguments: unknown } }>;
  [key: string]: unknown;
}

export interface OllamaChatRequest {
  model: string;
  messages: OllamaMessage[];
  tools?: unknown[];
  stream?: boolean;
  options?: Record<string, unknown>;
  format?: unknown;
  keep_alive?: unknown;
  think?: unknown;
}

export interface ChatReply {
  /** The whole answer; streamed as one chunk per word unless `chunks` is given. */
  content?: string;
  chunks?: string[];
  toolCalls?: Array<{ name: string; arguments: unknown }>;
  /** Before the first byte. */
  delayMs?: number;
  /** Between streamed chunks. */
  chunkDelayMs?: number;
  /** An HTTP error instead of an answer: { status: 500, message: 'out of memory' }. */
  error?: { status: number; message: string };
  /** An error line in the middle of a stream, after the chunks (as Ollama does when a runner dies). */
  streamError?: string;
  /** Never answer; the connection stays open until the client gives up. */
  hang?: boolean;
  promptEvalCount?: number;
  evalCount?: number;
  doneReason?: string;
}

export type ChatHandler = (request: OllamaChatRequest) => ChatReply | Promise<ChatReply>;
export type EmbedHandler = (texts: string[], model: string) => number[][] | Promise<number[][]>;

export interface RecordedRequest {
  method: string;
  path: string;
  body: unknown;
  at: number;
}

export interface FakeOllamaOptions {
  /** Pulled models (default qwen3:8b and nomic-embed-text). */
  models?: string[];
  /** Context length reported by /api/show (default 8192). */
  contextLength?: number;
  /** Length of the default embedding vectors (default 16). */
  embeddingDimensions?: number;
  /** /api/show's `capabilities` per model; default ["embedding"] for embedding models, else ["completion", "tools"]. */
  capabilities?: Record<string, string[]>;
}

export interface FakeOllama {
  readonly url: string;
  readonly port: number;
  readonly requests: RecordedRequest[];
  models: string[];
  contextLength: number;
  /** /api/show's `capabilities` per model name, over the default. */
  capabilities: Record<string, string[]>;
  onChat(handler: ChatHandler): void;
  onEmbed(handler: EmbedHandler): void;
  /** Chat requests seen, in order. */
  chatRequests(): OllamaChatRequest[];
  stop(): Promise<void>;
  /** Drops every connection at once, as a crashed server would. */
  kill(): Promise<void>;
  restart(): Promise<void>;
}

const VERSION = '0.12.6';

export async function startFakeOllama(options: FakeOllamaOptions = {}): Promise<FakeOllama> {
  const requests: RecordedRequest[] = [];
  const dimensions = options.embeddingDimensions ?? 16;
  let chatHandler: ChatHandler = () => ({ content: 'ok' });
  let embedHandler: EmbedHandler = (texts) => texts.map((t) => hashVector(t, dimensions));
  const state = {
    models: options.models ?? ['qwen3:8b', 'nomic-embed-text:latest'],
    contextLength: options.contextLength ?? 8192,
    capabilities: options.capabilities ?? ({} as Record<string, string[]>),
  };

  const known = (name: unknown): string | undefined => {
    if (typeof name !== 'string') return undefined;
    return state.models.find((m) => m === name || m === `${name}:latest`);
  };
  const notFound = (response: ServerResponse, name: unknown) =>
    sendJson(response, 404, { error: `model ${JSON.stringify(String(name))} not found, try pulling it first` });

  const server = new RestartableHttpServer(async (request, response, raw) => {
    const path = (request.url ?? '/').split('?')[0]!;
    let body: unknown;
    try {
      body = raw.length ? JSON.parse(raw.toString('utf8')) : undefined;
    } catch {
      return sendJson(response, 400, { error: 'invalid character in request body' });
    }
    requests.push({ method: request.method ?? 'GET', path, body, at: Date.now() });
    const input = (body ?? {}) as Record<string, unknown>;

    if (path === '/api/version') return sendJson(response, 200, { version: VERSION });
    if (path === '/') {
      response.writeHead(200, { 'content-type': 'text/plain' });
      return response.end('Ollama is running');
    }
    if (path === '/api/tags') {
      return sendJson(response, 200, {
        models: state.models.map((name) => ({
          name,
          model: name,
          modified_at: '2025-09-01T10:00:00.000000000Z',
          size: 5_200_000_000,
          digest: createHash('sha256').update(name).digest('hex'),
          details: {
            parent_model: '',
            format: 'gguf',
            family: name.split(':')[0],
            families: null,
            parameter_size: '8.2B',
            quantization_level: 'Q4_K_M',
          },
        })),
      });
    }
    if (path === '/api/show') {
      const model = known(input.model ?? input.name);
      if (!model) return sendJson(response, 404, { error: `model '${String(input.model ?? input.name)}' not found` });
      return sendJson(response, 200, {
        modelfile: `FROM ${model}`,
        parameters: '',
        template: '{{ .Prompt }}',
        details: {
          parent_model: '',
          format: 'gguf',
          family: 'qwen3',
          families: ['qwen3'],
          parameter_size: '8.2B',
          quantization_level: 'Q4_K_M',
        },
        model_info: { 'general.architecture': 'qwen3', 'qwen3.context_length': state.contextLength },
        capabilities: state.capabilities[model] ?? (model.includes('embed') ? ['embedding'] : ['completion', 'tools']),
      });
    }
    if (path === '/api/embed' || path === '/api/embeddings') {
      const model = known(input.model);
      if (!model) return notFound(response, input.model);
      const texts = path === '/api/embed' ? (Array.isArray(input.input) ? input.input : [input.input]) : [input.prompt];
      const embeddings = await embedHandler(texts.map(String), model);
      if (path === '/api/embeddings') return sendJson(response, 200, { embedding: embeddings[0] });
      return sendJson(response, 200, {
        model,
        embeddings,
        total_duration: 14_143_917,
        load_duration: 1_019_500,
        prompt_eval_count: texts.reduce((n, t) => n + estimateTokens(String(t)), 0),
      });
    }
    if (path === '/api/chat' || path === '/api/generate') {
      const chat = path === '/api/chat';
      const model = known(input.model);
      if (!model) return notFound(response, input.model);
      const chatRequest: OllamaChatRequest = chat
        ? (input as unknown as OllamaChatRequest)
        : {
            model: String(input.model),
            messages: [{ role: 'user', content: String(input.prompt ?? '') }],
            stream: input.stream as boolean | undefined,
          };
      if (chat && chatRequest.messages.length === 0) {
        return sendJson(response, 200, {
          model,
          created_at: now(),
          message: { role: 'assistant', content: '' },
          done_reason: 'load',
          done: true,
        });
      }
      const reply = await chatHandler(chatRequest);
      return answer(response, chat, model, chatRequest, reply, request);
    }
    return sendJson(response, 404, { error: `404 page not found` });
  });
  await server.start();

  return {
    get url() {
      return server.url;
    },
    get port() {
      return server.port;
    },
    requests,
    get models() {
      return state.models;
    },
    set models(value: string[]) {
      state.models = value;
    },
    get contextLength() {
      return state.contextLength;
    },
    get capabilities() {
      return state.capabilities;
    },
    set capabilities(value: Record<string, string[]>) {
      state.capabilities = value;
    },
    set contextLength(value: number) {
      state.contextLength = value;
    },
    onChat: (handler) => {
      chatHandler = handler;
    },
    onEmbed: (handler) => {
      embedHandler = handler;
    },
    chatRequests: () => requests.filter((r) => r.path === '/api/chat').map((r) => r.body as OllamaChatRequest),
    stop: () => server.stop(),
    kill: () => server.kill(),
    restart: () => server.restart(),
  };
}

async function answer(
  response: ServerResponse,
  chat: boolean,
  model: string,
  request: OllamaChatRequest,
  reply: ChatReply,
  incoming: { on(event: 'close', listener: () => void): unknown },
): Promise<void> {
  let clientGone = false;
  incoming.on('close', () => {
    clientGone = true;
  });
  if (reply.hang) return; // the connection stays open until the client gives up
  if (reply.delayMs) await sleep(reply.delayMs);
  if (reply.error) return sendJson(response, reply.error.status, { error: reply.error.message });

  const content = reply.content ?? reply.chunks?.join('') ?? '';
  const chunks = reply.chunks ?? content.match(/\S+\s*|\s+/g) ?? [];
  const promptText = request.messages.map((m) => m.content ?? '').join('\n');
  const stats = {
    total_duration: 1_000_000 * (10 + chunks.length),
    load_duration: 1_000_000,
    prompt_eval_count: reply.promptEvalCount ?? estimateTokens(promptText),
    prompt_eval_duration: 500_000,
    eval_count: reply.evalCount ?? Math.max(1, chunks.length),
    eval_duration: 1_000_000 * chunks.length,
  };
  const toolCalls = reply.toolCalls?.map((c) => ({ function: { name: c.name, arguments: c.arguments } }));
  const piece = (text: string, extra: Record<string, unknown> = {}) =>
    chat
      ? { model, created_at: now(), message: { role: 'assistant', content: text, ...extra }, done: false }
      : { model, created_at: now(), response: text, done: false };

  if (request.stream === false) {
    const message = { role: 'assistant', content, ...(toolCalls ? { tool_calls: toolCalls } : {}) };
    return sendJson(response, 200, {
      model,
      created_at: now(),
      ...(chat ? { message } : { response: content }),
      done_reason: reply.doneReason ?? 'stop',
      done: true,
      ...stats,
    });
  }

  response.writeHead(200, { 'content-type': 'application/x-ndjson' });
  for (const text of chunks) {
    if (clientGone) return;
    response.write(`${JSON.stringify(piece(text))}\n`);
    if (reply.chunkDelayMs) await sleep(reply.chunkDelayMs);
  }
  if (clientGone) return;
  if (toolCalls && chat) response.write(`${JSON.stringify(piece('', { tool_calls: toolCalls }))}\n`);
  if (reply.streamError) {
    response.write(`${JSON.stringify({ error: reply.streamError })}\n`);
    return void response.end();
  }
  const final = chat
    ? {
        model,
        created_at: now(),
        message: { role: 'assistant', content: '' },
        done_reason: reply.doneReason ?? 'stop',
        done: true,
        ...stats,
      }
    : { model, created_at: now(), response: '', done_reason: reply.doneReason ?? 'stop', done: true, ...stats };
  response.end(`${JSON.stringify(final)}\n`);
}

/** A deterministic unit vector from a text's hash: equal texts embed equally, different ones differently. */
export function hashVector(text: string, dimensions: number): number[] {
  const values: number[] = [];
  let seed = createHash('sha256').update(text).digest();
  while (values.length < dimensions) {
    for (let i = 0; i + 4 <= seed.length && values.length < dimensions; i += 4)
      values.push(seed.readInt32BE(i) / 2 ** 31);
    seed = createHash('sha256').update(seed).digest();
  }
  const norm = Math.sqrt(values.reduce((s, v) => s + v * v, 0)) || 1;
  return values.map((v) => v / norm);
}

/** About four characters a token, as a rough stand-in for a tokenizer. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

function now(): string {
  return new Date().toISOString();
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
