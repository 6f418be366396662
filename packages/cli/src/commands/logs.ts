/**
 * `ai-sysadmin logs [orchestrator|decisions|actions|service] [-f] [-n N] [--since T] [--json]`:
 * the daemon's log lines, the agent's decisions, the audit trail of actions, or the service's
 * journal, through the daemon. `-f` keeps asking for new entries every second.
 */
import { Command, InvalidArgumentError, Option } from 'commander';
import { API_PATHS } from '@ai-sysadmin/core/api-paths';
import { LOG_SOURCES } from '@ai-sysadmin/core/api-enums';
import { withQuery } from '../api-client.js';
import { addConfigOption } from '../cli-config.js';
import { daemonClient, printJson } from '../daemon-client.js';
import { withExample } from '../help-examples.js';
import { SUBCOMMAND_SUMMARIES } from '../subcommand-summaries.js';
import { colours } from '../terminal/styled.js';

export interface LogsAnswer {
  source: string;
  entries: Record<string, unknown>[];
  skipped?: unknown[];
}

/** `--since`: an ISO time, or an age such as 90s, 10m, 2h, 1d. */
export function parseSince(value: string, now = Date.now()): string {
  const rel = /^(\d+)\s*(s|m|h|d)$/.exec(value.trim());
  if (rel)
    return new Date(now - Number(rel[1]) * { s: 1e3, m: 60e3, h: 3600e3, d: 86400e3 }[rel[2] as 's']).toISOString();
  const t = Date.parse(value);
  if (Number.isNaN(t))
    throw new InvalidArgumentError('must be a time (2026-01-31T08:00:00Z) or an age (90s, 10m, 2h, 1d)');
  return new Date(t).toISOString();
}

function lines(value: string): number {
  if (!/^[1-9]\d*$/.test(value)) throw new InvalidArgumentError('must be a positive whole number');
  return Number(value);
}

/** When an entry was written, in ms: pino's `time`, the audit log's `at`. */
export function entryTime(e: Record<string, unknown>): number | null {
  const t = e.time ?? e.at ?? e.ts;
  if (typeof t === 'number') return t;
  if (typeof t === 'string') {
    const ms = Date.parse(t);
    return Number.isNaN(ms) ? null : ms;
  }
  return null;
}

const LEVELS: Record<number, string> = { 10: 'trace', 20: 'debug', 30: 'info', 40: 'warn', 50: 'error', 60: 'fatal' };
const SHOWN_ELSEWHERE = new Set(['time', 'at', 'level', 'msg', 'pid', 'hostname', 'ai', 'component', 'v', 'type']);

export function createCommand(): Command {
  return withExample(
    addConfigOption(
      new Command('logs')
        .description(SUBCOMMAND_SUMMARIES.logs)
        .addArgument(new Command().createArgument('[source]', 'which log').choices(LOG_SOURCES).default('orchestrator'))
        .addOption(new Option('-n, --lines <N>', 'how many of the latest entries').argParser(lines).default(50))
        .option('-f, --follow', 'keep printing new entries as they are written (Ctrl-C stops)')
        .option('--since <time>', 'only entries from this time on (ISO time, or 90s, 10m, 2h, 1d ago)', (v) =>
          parseSince(v),
        )
        .option('--json', 'print { source, entries } as JSON (with -f: one entry per line)'),
    ),
    'ai-sysadmin logs actions -n 20',
    'ai-sysadmin logs -f --since 10m',
  ).action(
    async (
      source: string,
      options: { lines: number; follow?: boolean; since?: string; json?: boolean; config?: string },
    ) => {
      const client = await daemonClient(options);
      const fetch = (since?: string) =>
        client.json<LogsAnswer>('GET', withQuery(API_PATHS.logs, { source, lines: options.lines, since }));
      const c = await colours();
      const render = (e: Record<string, unknown>) => {
        if (options.json && options.follow) return `${JSON.stringify(e)}\n`;
        const t = entryTime(e);
        const when = t === null ? '' : `${new Date(t).toISOString()} `;
        const level =
          typeof e.level === 'number' ? (LEVELS[e.level] ?? String(e.level)) : typeof e.type === 'string' ? e.type : '';
        const lvl =
          level === 'error' || level === 'fatal' ? c.red(level) : level === 'warn' ? c.yellow(level) : c.dim(level);
        const who = typeof e.component === 'string' ? `[${e.component}] ` : '';
        const rest = Object.entries(e)
          .filter(([k]) => !SHOWN_ELSEWHERE.has(k))
          .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
          .join(' ');
        const msg = typeof e.msg === 'string' ? e.msg : '';
        return `${c.dim(when)}${lvl} ${who}${msg}${rest ? ` ${c.dim(rest)}` : ''}\n`;
      };
      const first = await fetch(options.since);
      if (options.json && !options.follow) return printJson(first);
      for (const e of first.entries) process.stdout.write(render(e));
      if (!options.follow) return;

      // Entries at the newest time seen already are not printed twice.
      let newest = Math.max(0, ...first.entries.map((e) => entryTime(e) ?? 0));
      let seenAtNewest = new Set(first.entries.filter((e) => entryTime(e) === newest).map((e) => JSON.stringify(e)));
      let stopped = false;
      process.once('SIGINT', () => (stopped = true));
      while (!stopped) {
        await new Promise((r) => setTimeout(r, 1000));
        if (stopped) break;
        const next = await fetch(new Date(newest || Date.now()).toISOString());
        for (const e of next.entries) {
          const t = entryTime(e) ?? 0;
          const key = JSON.stringify(e);
          if (t < newest || (t === newest && seenAtNewest.has(key))) continue;
          if (t > newest) {
            newest = t;
            seenAtNewest = new Set();
          }
          seenAtNewest.add(key);
          process.stdout.write(render(e));
        }
      }
    },
  );
}
