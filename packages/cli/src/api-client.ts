/**
 * The CLI's client of the daemon's API: HTTP over the unix socket (`api.socket`), JSON in and
 * out, NDJSON streams read line by line. It loads nothing of the daemon: only node:http and
 * core's API types. A daemon that is not running is DaemonUnavailableError (one line, exit 69).
 */
import { readFileSync, statSync } from 'node:fs';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { userInfo } from 'node:os';
import { AiSysadminError } from '@ai-sysadmin/core/errors';
import type { ApiErrorBody, Config } from '@ai-sysadmin/core';

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

/** This user may not use the socket: it names the group to join (the socket's own group, or api.group). */
export class SocketPermissionError extends AiSysadminError {
  constructor(readonly socketPath: string) {
    const group = socketGroup(socketPath);
    super(
      'API_FORBIDDEN',
      `${socketPath} may not be used by ${userName()} (permission denied)${group ? `: it is open to the group "${group}"` : ''}`,
      {
        hint: group
          ? `Join the group: \`sudo usermod -aG ${group} ${userName()}\`, then log in again (or run \`newgrp ${group}\`).`
          : 'Ask to be added to the group in api.group, or run as root.',
      },
    );
  }
}

/** The group that owns the socket, by name from /etc/group; null when it cannot be told. */
function socketGroup(path: string): string | null {
  try {
    const gid = statSync(path).gid;
    for (const line of readFileSync('/etc/group', 'utf8').split('\n')) {
      const [name, , id] = line.split(':');
      if (name && id === String(gid)) return name;
    }
    return String(gid);
  } catch {
    return null;
  }
}

/** Who runs the command: recorded as who decided or asked. */
export function userName(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env.USER ?? `uid ${process.getuid?.() ?? '?'}`;
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

/** What connecting says when nothing listens on the socket's path (ENOTDIR: a file where a directory should be). */
const NOT_LISTENING = new Set(['ENOENT', 'ENOTDIR', 'ECONNREFUSED', 'ENOTSOCK']);

export interface StreamOptions {
  /** Aborting it closes the connection (the daemon sees the client go). */
  readonly signal?: AbortSignal;
  /** The longest silence on the connection; the client's default when absent. */
  readonly timeoutMs?: number;
}

/** A path with its query string, leaving out what is undefined. */
export function withQuery(path: string, query: Record<string, string | number | boolean | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined) params.set(key, String(value));
  const text = params.toString();
  return text ? `${path}?${text}` : path;
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
  async ndjson<T>(
    method: 'GET' | 'POST',
    path: string,
    body: unknown,
    onLine: (line: T) => void,
    options: StreamOptions = {},
  ): Promise<void> {
    const response = await this.open(method, path, body, options);
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

  private open(method: string, path: string, body?: unknown, options: StreamOptions = {}): Promise<IncomingMessage> {
    const timeoutMs = options.timeoutMs ?? this.timeoutMs;
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
          timeout: timeoutMs,
          ...(options.signal ? { signal: options.signal } : {}),
        },
        resolve,
      );
      req.once('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs / 1000} s`)));
      req.once('error', (error: NodeJS.ErrnoException) => {
        if (error.code && NOT_LISTENING.has(error.code))
          reject(new DaemonUnavailableError(this.socketPath, error.code, this.aiName));
        else if (error.code === 'EACCES' || error.code === 'EPERM') reject(new SocketPermissionError(this.socketPath));
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
