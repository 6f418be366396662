/**
 * A Gotify-compatible receiver: POST /message with the application token in the X-Gotify-Key
 * header (or ?token=), JSON or form body, answered as Gotify answers; every accepted message is
 * recorded for the test to read.
 */
import { RestartableHttpServer, sendJson } from './http-server.js';

export interface GotifyMessage {
  id: number;
  title: string;
  message: string;
  priority: number;
  extras?: unknown;
  at: number;
}

export interface GotifyReceiver {
  readonly url: string;
  readonly port: number;
  readonly token: string;
  readonly messages: GotifyMessage[];
  /** Rejected attempts (bad token, bad body), for tests of failure handling. */
  readonly rejected: Array<{ status: number; reason: string }>;
  stop(): Promise<void>;
  kill(): Promise<void>;
  restart(): Promise<void>;
}

export async function startGotify(options: { token?: string } = {}): Promise<GotifyReceiver> {
  const token = options.token ?? 'AbCdEfGhIjKlMnO';
  const messages: GotifyMessage[] = [];
  const rejected: Array<{ status: number; reason: string }> = [];
  let nextId = 1;

  const server = new RestartableHttpServer((request, response, raw) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname === '/health') return sendJson(response, 200, { health: 'green', database: 'green' });
    if (url.pathname === '/version')
      return sendJson(response, 200, { version: '2.6.1', commit: 'rig', buildDate: '2025-01-01' });
    if (url.pathname !== '/message' || request.method !== 'POST') {
      return sendJson(response, 404, { error: 'Not Found', errorCode: 404, errorDescription: 'page not found' });
    }
    const given =
      request.headers['x-gotify-key'] ?? url.searchParams.get('token') ?? bearer(request.headers.authorization);
    if (given !== token) {
      rejected.push({ status: 401, reason: 'token' });
      return sendJson(response, 401, {
        error: 'Unauthorized',
        errorCode: 401,
        errorDescription: 'you need to provide a valid access token or user credentials to access this api',
      });
    }
    const body = parseBody(request.headers['content-type'] ?? '', raw.toString('utf8'));
    if (!body || typeof body.message !== 'string' || body.message === '') {
      rejected.push({ status: 400, reason: 'message' });
      return sendJson(response, 400, {
        error: 'Bad Request',
        errorCode: 400,
        errorDescription: "Field 'message' is required",
      });
    }
    const message: GotifyMessage = {
      id: nextId++,
      title: typeof body.title === 'string' ? body.title : '',
      message: body.message,
      priority: Number(body.priority ?? 0),
      extras: body.extras,
      at: Date.now(),
    };
    messages.push(message);
    return sendJson(response, 200, {
      id: message.id,
      appid: 1,
      message: message.message,
      title: message.title,
      priority: message.priority,
      ...(message.extras ? { extras: message.extras } : {}),
      date: new Date(message.at).toISOString(),
    });
  });
  await server.start();
  return {
    get url() {
      return server.url;
    },
    get port() {
      return server.port;
    },
    token,
    messages,
    rejected,
    stop: () => server.stop(),
    kill: () => server.kill(),
    restart: () => server.restart(),
  };
}

function bearer(header: string | undefined): string | undefined {
  return header?.startsWith('Bearer ') ? header.slice(7) : undefined;
}

function parseBody(contentType: string, text: string): Record<string, unknown> | undefined {
  try {
    if (contentType.includes('application/json')) return JSON.parse(text) as Record<string, unknown>;
    return Object.fromEntries(new URLSearchParams(text));
  } catch {
    return undefined;
  }
}
