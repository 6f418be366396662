/**
 * Whether a stream gets colours, spinners and progress bars: only a terminal, and never with
 * `NO_COLOR` set (https://no-color.org) or `TERM=dumb`. Pipes, files and dumb terminals get plain
 * text, so nothing a script reads carries an escape code.
 */
import type { ChalkInstance } from 'chalk';

export function isStyled(stream: NodeJS.WriteStream = process.stdout): boolean {
  if (!stream.isTTY) return false;
  if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '') return false;
  if (process.env.TERM === 'dumb') return false;
  return true;
}

/** chalk at the level the stream allows (level 0 writes no escape codes at all). */
export async function colours(stream: NodeJS.WriteStream = process.stdout): Promise<ChalkInstance> {
  const { Chalk } = await import('chalk');
  return new Chalk({ level: isStyled(stream) ? 1 : 0 });
}
