/**
 * Cuts a text into pieces that each fit `maxTokens`, after a line end where possible; a line
 * longer than a piece is cut inside. The pieces put together (no separator) are the text.
 */
import { charsForTokens, estimateTokens } from '@ai-sysadmin/core';

export function chunkText(text: string, maxTokens: number): string[] {
  if (maxTokens < 1) throw new RangeError('maxTokens must be at least 1');
  if (estimateTokens(text) <= maxTokens) return [text];
  const maxChars = charsForTokens(maxTokens);
  const chunks: string[] = [];
  let current = '';
  // Each line with its newline, so that nothing is lost or added.
  for (const line of text.match(/[^\n]*\n|[^\n]+$/g) ?? []) {
    let rest = line;
    if (current.length + rest.length > maxChars && current) {
      chunks.push(current);
      current = '';
    }
    while (rest.length > maxChars) {
      chunks.push(rest.slice(0, maxChars));
      rest = rest.slice(maxChars);
    }
    current += rest;
  }
  if (current) chunks.push(current);
  return chunks;
}
