/**
 * One log line taken apart: the time it carries (as written), the rest, and a severity when the
 * line says so. Understands journalctl's short formats (`Mar 29 01:07:20 host unit[pid]: ...`,
 * short-iso, short-precise), ISO-8601 and bracketed timestamps, dmesg's `[   12.345678]`, and
 * journalctl `-o json` lines (MESSAGE, PRIORITY, __REALTIME_TIMESTAMP, SYSLOG_IDENTIFIER).
 */
export type Severity = 'error' | 'warning' | 'info';

export interface LogLine {
  /** The timestamp as it appears in the line, or undefined when it has none. */
  time: string | undefined;
  /** The line without its leading timestamp. */
  body: string;
  /** From the line itself (journal PRIORITY); otherwise decided later from the words. */
  severity: Severity | undefined;
}

const TIME_PREFIXES = [
  // syslog / journalctl short and short-precise: "Mar 29 01:07:20" or "Mar 29 01:07:20.181716"
  /^([A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d(?:\.\d+)?)\s+/,
  // ISO 8601 / short-iso / RFC 3339, optionally bracketed: "2024-05-01T12:00:00.123+0200"
  /^\[?(\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(?:[.,]\d+)?(?:Z|[+-]\d\d:?\d\d)?)\]?\s+/,
  // dmesg: "[   12.345678] "
  /^\[\s*(\d+\.\d+)\]\s*/,
];

export function parseLogLine(line: string): LogLine {
  if (line.startsWith('{')) {
    const fromJson = parseJournalJson(line);
    if (fromJson) return fromJson;
  }
  for (const pattern of TIME_PREFIXES) {
    const match = pattern.exec(line);
    if (match) return { time: match[1], body: line.slice(match[0].length), severity: undefined };
  }
  return { time: undefined, body: line, severity: undefined };
}

function parseJournalJson(line: string): LogLine | undefined {
  let entry: unknown;
  try {
    entry = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof entry !== 'object' || entry === null) return undefined;
  const fields = entry as Record<string, unknown>;
  const message = fields.MESSAGE;
  if (typeof message !== 'string') return undefined;
  const ident = str(fields.SYSLOG_IDENTIFIER) ?? str(fields._COMM) ?? str(fields._SYSTEMD_UNIT) ?? 'unknown';
  const pid = str(fields._PID) ?? str(fields.SYSLOG_PID);
  const micros = Number(str(fields.__REALTIME_TIMESTAMP));
  const time = Number.isFinite(micros) && micros > 0 ? new Date(micros / 1000).toISOString() : undefined;
  const priority = Number(str(fields.PRIORITY));
  const severity: Severity | undefined = Number.isInteger(priority)
    ? priority <= 3
      ? 'error'
      : priority === 4
        ? 'warning'
        : 'info'
    : undefined;
  const host = str(fields._HOSTNAME);
  return { time, body: `${host ? `${host} ` : ''}${ident}${pid ? `[${pid}]` : ''}: ${message}`, severity };
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

const ERROR_WORDS =
  /\b(?:emerg(?:ency)?|alert|crit(?:ical)?|err(?:or)?s?|fail(?:ed|ure|ing)?|fatal|panic|segfault|oops|oom|out of memory|killed process|denied|refused|timed? ?out|unreachable|corrupt(?:ed|ion)?|i\/o error|exception|abort(?:ed|ing)?)\b/i;
const WARNING_WORDS =
  /\b(?:warn(?:ing)?s?|deprecated|retry(?:ing)?|unable|cannot|can't|could not|not found|ignoring|degraded|throttl(?:ed|ing))\b/i;

/** The severity a line's words suggest, when the line does not carry one. */
export function severityFromWords(text: string): Severity {
  if (ERROR_WORDS.test(text)) return 'error';
  if (WARNING_WORDS.test(text)) return 'warning';
  return 'info';
}
