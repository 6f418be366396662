/**
 * HTTP over the daemon's unix socket for the orchestrator's tests (which may not import the CLI,
 * whose client is DaemonApiClient): JSON and NDJSON, and the raw status and body for the 4xx cases.
 */
import { request } from 'node:http';

export interface RawResponse {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly text: string;
  json<T = unknown>(): T;
}

export function raw(
  socketPath: string,
  method: string,
  path: string,
  body?: string | Buffer,
  headers: Record<string, string> = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        socketPath,
        method,
        path,
        headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: <T>() => JSON.parse(text) as T }),
        );
        // The daemon died mid-answer (a stream cut short): say so rather than wait for an end that never comes.
        res.on('close', () => {
          if (!res.complete)
            reject(new Error(`the answer to ${method} ${path} was cut short after ${text.length} characters`));
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

export class SocketClient {
  constructor(readonly socketPath: string) {}

  async json<T = unknown>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    const res = await raw(this.socketPath, method, path, body === undefined ? undefined : JSON.stringify(body));
    if (res.status >= 400)
      throw Object.assign(new Error(`${res.status}: ${res.text}`), { status: res.status, body: res.json() });
    return res.json<T>();
  }

  async ndjson<T = unknown>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T[]> {
    const res = await raw(this.socketPath, method, path, body === undefined ? undefined : JSON.stringify(body));
    if (res.status >= 400)
      throw Object.assign(new Error(`${res.status}: ${res.text}`), { status: res.status, body: res.json() });
    return res.text
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as T);
  }
}
