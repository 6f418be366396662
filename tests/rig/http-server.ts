/**
 * The in-process HTTP servers of the rig (Ollama, Gotify): a port that survives restarts, a
 * polite stop, and a kill that drops every connection mid-flight as a crash would.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { freePort } from './ports.js';

export type Handler = (request: IncomingMessage, response: ServerResponse, body: Buffer) => unknown;

export class RestartableHttpServer {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  port = 0;

  constructor(private readonly handler: Handler) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get running(): boolean {
    return this.server?.listening ?? false;
  }

  async start(): Promise<void> {
    if (!this.port) this.port = await freePort();
    const server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (c: Buffer) => chunks.push(c));
      request.on('end', () => {
        Promise.resolve(this.handler(request, response, Buffer.concat(chunks))).catch((error: unknown) => {
          if (!response.headersSent) response.writeHead(500, { 'content-type': 'application/json' });
          response.end(JSON.stringify({ error: String(error) }));
        });
      });
    });
    server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', resolve);
    });
    this.server = server;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    server.closeIdleConnections();
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    // Requests still streaming get a moment, then go.
    const timer = setTimeout(() => this.dropAll(), 2000);
    await closed;
    clearTimeout(timer);
  }

  async kill(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    this.dropAll();
    await closed;
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  private dropAll(): void {
    for (const socket of this.sockets) socket.destroy();
  }
}

export function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  response.end(JSON.stringify(body));
}
