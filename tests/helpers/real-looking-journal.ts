/**
 * A large journal that looks like a real one, built from a real one. The messages, units, PIDs
 * and priorities come from the 461 entries of a real Arch Linux boot journal
 * (tests/fixtures/journalctl/journal_arch-2013_o-json.jsonl, rendered by journalctl 252; see its
 * .source.txt). What is varied: which entries repeat (a few are chatty, most are rare, as in real
 * journals), the timestamps (moving forward over about two days), the PIDs of restarted
 * processes, and the numbers, hex ids and addresses inside messages. Rendered in journalctl's
 * `short-iso-precise` format (UTC). Deterministic for a given seed.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const REAL_JOURNAL_FIXTURE = fileURLToPath(
  new URL('../fixtures/journalctl/journal_arch-2013_o-json.jsonl', import.meta.url),
);

interface Entry {
  ident: string;
  pid: string | undefined;
  host: string;
  message: string;
}

function realEntries(): Entry[] {
  return readFileSync(REAL_JOURNAL_FIXTURE, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Record<string, string>)
    .filter((e) => typeof e.MESSAGE === 'string')
    .map((e) => ({
      ident: e.SYSLOG_IDENTIFIER ?? e._COMM ?? 'unknown',
      pid: e._PID ?? e.SYSLOG_PID,
      host: e._HOSTNAME ?? 'localhost',
      message: e.MESSAGE!,
    }));
}

/** mulberry32: a small seeded PRNG, so the same seed gives the same journal. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** journalctl -o short-iso-precise, in UTC: 2025-03-01T00:00:00.123456+00:00 */
function isoPrecise(ms: number, microsInMs: number): string {
  const micros = (ms % 1000) * 1000 + microsInMs;
  return `${new Date(ms).toISOString().slice(0, 19)}.${String(micros).padStart(6, '0')}+00:00`;
}

export interface JournalOptions {
  lines: number;
  seed?: number;
  /** First timestamp (default 2025-03-01T00:00:00Z). */
  start?: number;
}

export function realLookingJournal(options: JournalOptions): string[] {
  const random = prng(options.seed ?? 42);
  const entries = realEntries();
  // A fixed shuffle decides which entries are chatty: weight 1/rank^1.1 (Zipf-like).
  const order = entries.map((_, i) => i).sort((a, b) => ((a * 2654435761) % 461) - ((b * 2654435761) % 461));
  const weights = order.map((_, rank) => 1 / (rank + 1) ** 1.1);
  const total = weights.reduce((s, w) => s + w, 0);
  const cumulative: number[] = [];
  weights.reduce((s, w, i) => (cumulative[i] = s + w / total), 0);
  const pick = () => {
    const r = random();
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! < r) lo = mid + 1;
      else hi = mid;
    }
    return entries[order[lo]!]!;
  };
  const pids = new Map<string, number>();
  const pidOf = (entry: Entry) => {
    if (!entry.pid) return undefined;
    // A process restarts now and then and comes back with a new PID.
    if (!pids.has(entry.ident) || random() < 0.001) pids.set(entry.ident, 100 + Math.floor(random() * 60000));
    return pids.get(entry.ident);
  };
  const vary = (message: string) =>
    message
      .replace(/\b[0-9a-f]{32}\b/g, () => randomHex(random, 32))
      .replace(/\b0x[0-9a-f]+\b/gi, (m) => `0x${randomHex(random, m.length - 2)}`)
      .replace(/\b\d+\b/g, (m) => (random() < 0.5 ? m : String(Math.floor(random() * 10 ** Math.min(m.length, 9)))));

  let time = options.start ?? Date.parse('2025-03-01T00:00:00Z');
  const lines: string[] = [];
  while (lines.length < options.lines) {
    time += Math.floor(random() * random() * 3500);
    const entry = pick();
    const pid = pidOf(entry);
    const prefix = `${isoPrecise(time, Math.floor(random() * 1000))} ${entry.host} ${entry.ident}${pid ? `[${pid}]` : ''}: `;
    // A message of several lines continues under its first, indented as journalctl does.
    const [first, ...rest] = vary(entry.message).split('\n');
    lines.push(prefix + first);
    for (const more of rest) lines.push(' '.repeat(prefix.length) + more);
  }
  return lines.slice(0, options.lines);
}

function randomHex(random: () => number, length: number): string {
  let out = '';
  while (out.length < length) out += Math.floor(random() * 16).toString(16);
  return out;
}
