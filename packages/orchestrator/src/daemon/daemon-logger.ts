/**
 * The daemon's logger: the core logger (pino JSON, secrets redacted) writing to stdout, which
 * systemd hands to journald, and to `<stateDir>/logs/daemon.<n>.log`, rotated by size
 * (pino-roll; `logs.maxFileMiB`, `logs.keepFiles` kept besides the current one), so `logs` can
 * read them later.
 */
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { destination, multistream } from 'pino';
import pinoRoll from 'pino-roll';
import { type Config, type Logger, createLogger } from '@ai-sysadmin/core';

export interface DaemonLogger {
  readonly logger: Logger;
  readonly dir: string;
  /** Writes out what is buffered and closes the files. */
  close(): Promise<void>;
}

export async function createDaemonLogger(
  config: Config,
  dir: string,
  options: { stdout?: boolean } = {},
): Promise<DaemonLogger> {
  mkdirSync(dir, { recursive: true, mode: 0o750 });
  const file = await pinoRoll({
    file: join(dir, 'daemon'),
    extension: '.log',
    size: `${config.logs.maxFileMiB}m`,
    limit: { count: config.logs.keepFiles },
    mkdir: true,
  });
  // A log file that cannot be written (a full disk) must never stop the daemon: say so once on stderr
  // (journald keeps it) and go on; lines that could not be written are lost, the journal still has them.
  let reported = false;
  file.on('error', (error: unknown) => {
    if (reported) return;
    reported = true;
    process.stderr.write(
      `cannot write the daemon's log file in ${dir}: ${error instanceof Error ? error.message : String(error)}; the daemon goes on\n`,
    );
  });
  const streams = [{ level: 'trace' as const, stream: file }];
  if (options.stdout !== false)
    streams.push({ level: 'trace' as const, stream: destination({ fd: 1, sync: true }) as unknown as typeof file });
  const logger = createLogger({
    level: config.logLevel,
    aiName: config.aiName,
    component: 'daemon',
    destination: multistream(streams),
  });
  return {
    logger,
    dir,
    close: () =>
      new Promise<void>((resolve) => {
        try {
          file.flushSync();
        } catch {
          // nothing buffered, or the file is gone
        }
        file.once('close', () => resolve());
        file.end();
        setTimeout(resolve, 1000).unref();
      }),
  };
}

/** The daemon's log files, oldest first. */
export function logFiles(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .map((name) => ({ name, n: /^daemon\.(\d+)\.log$/.exec(name)?.[1] }))
    .filter((f): f is { name: string; n: string } => f.n !== undefined)
    .sort((a, b) => Number(a.n) - Number(b.n))
    .map((f) => join(dir, f.name));
}

/** The last `lines` lines of the daemon's logs, across rotated files, oldest first. */
export function tailLogs(dir: string, lines: number): string[] {
  const out: string[] = [];
  for (const path of logFiles(dir).reverse()) {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      continue;
    }
    const fileLines = text.split('\n').filter((l) => l !== '');
    out.unshift(...fileLines.slice(Math.max(0, fileLines.length - (lines - out.length))));
    if (out.length >= lines) break;
  }
  return out;
}
