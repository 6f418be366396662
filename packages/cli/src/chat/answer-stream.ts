/** One question to the daemon and its answer's ChatEvent stream, printed as it comes. */
import type { ChatEvent } from '@ai-sysadmin/core';
import type { DaemonApiClient } from '../api-client.js';
import { EXIT } from '../exit-codes.js';
import { colours } from '../terminal/styled.js';
import { AnswerPrinter, type AnswerSummary } from './answer-printer.js';

/** A model answer can be quiet for long (a slow tool, a long prompt): only a connection silent this long is dead. */
const STREAM_SILENCE_MS = 15 * 60_000;

export async function streamAnswer(
  client: DaemonApiClient,
  path: string,
  body: unknown,
  options: { live: boolean; signal?: AbortSignal },
): Promise<AnswerSummary> {
  const printer = new AnswerPrinter(await colours(process.stdout), process.stdout, options.live);
  try {
    await client.ndjson<ChatEvent>('POST', path, body, (e) => printer.event(e), {
      timeoutMs: STREAM_SILENCE_MS,
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } catch (error) {
    if (!(options.signal?.aborted && isAbort(error))) throw error;
    printer.summary.error ??= { code: 'cancelled', message: 'stopped' };
  }
  await printer.finish();
  return printer.summary;
}

function isAbort(error: unknown): boolean {
  const e = error as { name?: string; code?: string };
  return e?.name === 'AbortError' || e?.code === 'ABORT_ERR' || e?.code === 'ECONNRESET';
}

/** What an answer's error means for the exit status: the LLM or queue missing is 69, a stop 130. */
export function answerExitCode(summary: AnswerSummary): number {
  const code = summary.error?.code;
  if (!code) return EXIT.ok;
  if (code === 'cancelled') return EXIT.interrupted;
  if (/UNAVAILABLE|UNREACHABLE|NO_MODEL|MODEL_NOT_FOUND|OLLAMA|QUEUE|REDIS|WORKER|TIMEOUT|DOWN/i.test(code))
    return EXIT.unavailable;
  return EXIT.dataError;
}

export function describeAnswerError(summary: AnswerSummary): string {
  const e = summary.error;
  if (!e) return '';
  return `${e.message}${e.hint ? `\n  ${e.hint}` : ''}`;
}
