/**
 * GET /v1/logs?source=orchestrator|service|actions|decisions&lines=N: the daemon's own log lines
 * (rotated files included; `service` is the same files, the service's log as the daemon writes
 * it), the audit log's entries, or the agent's runs from <stateDir>/logs/decisions.jsonl.
 * `since=ISO` keeps the entries written from then on (`logs --since`, `logs -f`).
 */
import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { API_PATHS, logsQuerySchema } from '@ai-sysadmin/core';
import { tailLogs } from '../daemon/daemon-logger.js';
import type { ApiContext } from './api-context.js';

const asEntry = (line: string): unknown => {
  try {
    return JSON.parse(line) as unknown;
  } catch {
    return { msg: line };
  }
};

export function logsRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app
    .withTypeProvider<ZodTypeProvider>()
    .get(API_PATHS.logs, { schema: { querystring: logsQuerySchema } }, async (request) => {
      const { source, lines, since } = request.query;
      const from = since === undefined ? undefined : Date.parse(since);
      const recent = (entries: readonly unknown[]) =>
        from === undefined ? entries : entries.filter((e) => writtenAt(e) >= from);
      if (source === 'actions') {
        const { entries, skipped } = ctx.executor().audit.read();
        return { source, entries: recent(entries).slice(-lines), skipped };
      }
      if (source === 'decisions') return { source, entries: recent(tailFile(ctx.decisionsLog, lines).map(asEntry)) };
      return { source, entries: recent(tailLogs(ctx.logsDir, lines).map(asEntry)) };
    });
}

/** When an entry was written (pino's `time` in ms, the audit log's and decisions' `at`); 0 when it does not say. */
function writtenAt(entry: unknown): number {
  const e = entry as { time?: unknown; at?: unknown };
  const t = e?.time ?? e?.at;
  if (typeof t === 'number') return t;
  const ms = typeof t === 'string' ? Date.parse(t) : Number.NaN;
  return Number.isNaN(ms) ? 0 : ms;
}

function tailFile(path: string, lines: number): string[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return text.split('\n').filter(Boolean).slice(-lines);
}
