/** Answers rendered from Markdown on a styled terminal (marked + marked-terminal); plain text elsewhere. */
import { isStyled } from './styled.js';

export async function renderMarkdown(text: string, stream: NodeJS.WriteStream = process.stdout): Promise<string> {
  if (!isStyled(stream)) return text.endsWith('\n') ? text : `${text}\n`;
  const [{ Marked }, { markedTerminal }] = await Promise.all([import('marked'), import('marked-terminal')]);
  const marked = new Marked();
  // marked-terminal's typings lag marked's extension type.
  marked.use(markedTerminal({ width: stream.columns || 80, reflowText: true }) as never);
  const out = await marked.parse(text);
  return out.endsWith('\n') ? out : `${out}\n`;
}

/** Whether a text uses Markdown a terminal would show differently (so re-rendering it is worth it). */
export function looksLikeMarkdown(text: string): boolean {
  return /(^|\n)\s*(#{1,6} |[-*+] |\d+\. |```|> )|\*\*|`[^`]+`|\[[^\]]+\]\(/.test(text);
}
