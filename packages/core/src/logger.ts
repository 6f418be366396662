/**
 * The one logger factory: pino JSON, secrets redacted wherever they appear in a logged object.
 * The CLI logs to stderr so that stdout stays the report a person or a script reads.
 */
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
