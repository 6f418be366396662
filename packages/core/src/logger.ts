/**
 * The one logger factory: pino JSON, secrets redacted wherever they appear in a logged object.
 * Services log to stderr (the journal, under systemd); a command that prints a report for a person
 * logs to a file (`logFileDestination`), so that no log line lands in the middle of the report.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { pino, destination, stdTimeFunctions, type Logger, type LoggerOptions, type DestinationStream } from 'pino';

export type { Logger } from 'pino';

/** Keys whose values never reach a log, at the top level or one or two objects down. */
const SECRET_KEYS = [
  'token',
  'password',
  'passphrase',
  'privateKey',
  'secret',
  'apiKey',
  'authorization',
  'x-gotify-key',
  'X-Gotify-Key',
  'cookie',
];

export const REDACT_PATHS = SECRET_KEYS.flatMap((key) => {
  const k = /^[A-Za-z_$][\w$]*$/.test(key) ? key : `["${key}"]`;
  const dot = k.startsWith('[') ? k : `.${k}`;
  return [k, `*${dot}`, `*.*${dot}`];
});

export interface LoggerSettings {
  level?: string;
  /** Appears in every line, so a journal shared by several installs stays readable. */
  aiName?: string;
  component?: string;
  /** Defaults to stderr. */
  destination?: DestinationStream;
}

export function createLogger(settings: LoggerSettings = {}): Logger {
  const options: LoggerOptions = {
    level: settings.level ?? process.env.LOG_LEVEL ?? 'info',
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    base: {
      ...(settings.aiName ? { ai: settings.aiName } : {}),
      ...(settings.component ? { component: settings.component } : {}),
    },
    timestamp: stdTimeFunctions.isoTime,
  };
  return pino(options, settings.destination ?? destination({ fd: 2, sync: true }));
}

/**
 * A log file appended to (its folder made 0700 when missing), or undefined when it cannot be
 * opened: the caller then logs nowhere rather than into its report.
 */
export function logFileDestination(path: string): DestinationStream | undefined {
  try {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    return destination({ dest: path, append: true, sync: true, mode: 0o600 });
  } catch {
    return undefined;
  }
}
