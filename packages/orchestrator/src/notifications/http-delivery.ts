/**
 * One POST with got, and what its outcome means for the outbox: accepted, refused for good (a
 * 400 will be a 400 again), or worth trying again (down, 5xx, 429, a token the receiver refused,
 * which a person can fix by rewriting the token file).
 */
import { got, RequestError } from 'got';
import { NotifierError } from '../errors/notifier-error.js';

export interface HttpDelivery {
  readonly target: string;
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly json: unknown;
  readonly signal?: AbortSignal;
  readonly timeoutMs?: number;
}

export async function postJson(delivery: HttpDelivery): Promise<void> {
  const where = new URL(delivery.url).origin;
  let statusCode: number;
  let body: string;
  try {
    const response = await got.post(delivery.url, {
      headers: delivery.headers,
      json: delivery.json,
      timeout: { request: delivery.timeoutMs ?? 10_000 },
      retry: { limit: 0 },
      throwHttpErrors: false,
      followRedirect: false,
      ...(delivery.signal ? { signal: delivery.signal } : {}),
    });
    statusCode = response.statusCode;
    body = response.body;
  } catch (error) {
    const code = error instanceof RequestError ? (error.code ?? error.message) : String(error);
    throw new NotifierError(delivery.target, `${delivery.target} at ${where} is not reachable (${code})`, false, {
      cause: error,
    });
  }
  if (statusCode >= 200 && statusCode < 300) return;
  const said = describeBody(body);
  if (statusCode === 401 || statusCode === 403) {
    throw new NotifierError(
      delivery.target,
      `${delivery.target} at ${where} refused the token (${statusCode}${said})`,
      false,
      {
        hint: 'Check the token in the token file; it is read again for the next attempt.',
      },
    );
  }
  const permanent = statusCode >= 400 && statusCode < 500 && statusCode !== 408 && statusCode !== 429;
  throw new NotifierError(delivery.target, `${delivery.target} at ${where} answered ${statusCode}${said}`, permanent);
}

function describeBody(body: string): string {
  try {
    const value = JSON.parse(body) as { errorDescription?: unknown; error?: unknown; message?: unknown };
    const text = value.errorDescription ?? value.message ?? value.error;
    if (typeof text === 'string' && text) return `: ${text.slice(0, 200)}`;
  } catch {
    // not JSON
  }
  return body ? `: ${body.slice(0, 200)}` : '';
}
