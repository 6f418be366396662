/** A secret read from its file at the moment it is needed, so rotating it needs no restart. */
import { readFile } from 'node:fs/promises';
import { NotifierError } from '../errors/notifier-error.js';

export async function readTokenFile(target: string, path: string, field: string): Promise<string> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new NotifierError(target, `cannot read ${field} ${path} (${code})`, false, {
      hint: `Make ${path} readable by the daemon's user; it holds the token and nothing else.`,
      cause: error,
    });
  }
  const token = text.trim();
  if (!token)
    throw new NotifierError(target, `${field} ${path} is empty`, false, { hint: `Write the token into ${path}.` });
  return token;
}
