/**
 * Cuts a text into pieces that each fit `maxTokens`, at line ends where possible; a line longer
 * than a piece is cut inside. Joined with "\n" the pieces give the text back.
 */
import { charsForTokens, estimateTokens } from './estimate-tokens.js';

export function chunkText(text: string, maxTokens: number): string[] {
  if (maxTokens < 1) throw new RangeError('maxTokens must be at least 1');
  if (estimateTokens(text) <= maxTokens) return [text];
  const maxChars = charsForTokens(maxTokens);
  const chunks: string[] = [];
  let current: string[] = [];
  let currentChars = 0;
  const flush = () => {
    chunks.push(current.join('\n'));
    current = [];
    currentChars = 0;
  };
  for (const line of text.split('\n')) {
    // A line that fits no chunk is cut; every piece but the last goes out alone.
    let rest = line;
    while (rest.length > maxChars) {
      if (current.length) flush();
      chunks.push(rest.slice(0, maxChars));
      rest = rest.slice(maxChars);
    }
    const cost = rest.length + (current.length ? 1 : 0);
    if (current.length && currentChars + cost > maxChars) flush();
    currentChars += rest.length + (current.length ? 1 : 0);
    current.push(rest);
  }
  flush();
  return chunks;
}
