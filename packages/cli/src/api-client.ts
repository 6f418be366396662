/**
 * The CLI's client of the daemon's API: HTTP over the unix socket (`api.socket`), JSON in and
 * out, NDJSON streams read line by line. It loads nothing of the daemon: only node:http and
 * core's API types. A daemon that is not running is DaemonUnavailableError (one line, exit 69).
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { AiSysadminError, type ApiErrorBody, type Config } from '@ai-sysadmin/core';

export class DaemonUnavailableError extends AiSysadminError {
  constructor(
    readonly socketPath: string,
    reason: string,
    aiName: string,
  ) {
    super(
      'DAEMON_UNAVAILABLE',
      `the ${aiName} daemon is not running (no answer on ${socketPath}: ${reason}); start it with \`systemctl start ${aiName}-ai\` or \`ai-sysadmin daemon\``,
    );
  }
}

/** The daemon answered with an error: its code, message and, for bad input, each wrong field. */
export class ApiRequestError extends AiSysadminError {
  constructor(
    readonly status: number,
    readonly body: ApiErrorBody | undefined,
    text: string,
  ) {
    const e = body?.error;
    super(
      e?.code ?? `HTTP_${status}`,
      e ? e.message : `the daemon answered ${status}: ${text.slice(0, 300)}`,
      e?.hint ? { hint: e.hint } : {},
    );
  }
}

export interface ApiResponse<T> {
  readonly status: number;
  readonly body: T;
}

export class DaemonApiClient {
  constructor(
    readonly socketPath: string,
    private readonly aiName: string,
    private readonly timeoutMs = 30_000,
  ) {}

  static fromConfig(config: Pick<Config, 'api' | 'aiName'>): DaemonApiClient {
    return new DaemonApiClient(config.api.socket, config.aiName);
  }

  /** A JSON request; a status of 400 and above throws ApiRequestError. */
  async json<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    const response = await this.open(method, path, body);
    const text = await readAll(response);
    const status = response.statusCode ?? 0;
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    if (status >= 400) throw new ApiRequestError(status, parsed as ApiErrorBody | undefined, text);
    return parsed as T;
  }

  /** An NDJSON stream: `onLine` gets each object as it arrives. */
  async ndjson<T>(method: 'GET' | 'POST', path: string, body: unknown, onLine: (line: T) => void): Promise<void> {
    const response = await this.open(method, path, body);
    const status = response.statusCode ?? 0;
    if (status >= 400) {
      const text = await readAll(response);
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = undefined;
      }
      throw new ApiRequestError(status, parsed as ApiErrorBody | undefined, text);
    }
    let rest = '';
    response.setEncoding('utf8');
    for await (const chunk of response) {
      rest += chunk as string;
      let newline: number;
      while ((newline = rest.indexOf('\n')) >= 0) {
        const line = rest.slice(0, newline);
        rest = rest.slice(newline + 1);
        if (line.trim()) onLine(JSON.parse(line) as T);
      }
    }
    if (rest.trim()) onLine(JSON.parse(rest) as T);
  }

  private open(method: string, path: string, body?: unknown): Promise<IncomingMessage> {
    return new Promise((resolve, reject) => {
      const payload = body === undefined ? undefined : JSON.stringify(body);
      const req = httpRequest(
        {
          socketPath: this.socketPath,
          path,
          method,
          headers:
            payload === undefined
              ? {}
              : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
          timeout: this.timeoutMs,
        },
        resolve,
      );
      req.once('timeout', () => req.destroy(new Error(`no answer within ${this.timeoutMs / 1000} s`)));
      req.once('error', (error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT' || error.code === 'ECONNREFUSED' || error.code === 'ENOTSOCK')
          reject(new DaemonUnavailableError(this.socketPath, error.code, this.aiName));
        else if (error.code === 'EACCES')
          reject(
            new AiSysadminError('API_FORBIDDEN', `${this.socketPath} may not be used by this user (EACCES)`, {
              hint: 'Ask to be added to the group in api.group, or run as root.',
            }),
          );
        else reject(error);
      });
      req.end(payload);
    });
  }
}

function readAll(response: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    response.setEncoding('utf8');
    response.on('data', (chunk: string) => (text += chunk));
    response.once('end', () => resolve(text));
    response.once('error', reject);
  });
}
