/**
 * How many tokens a text costs, without the model's tokenizer (Ollama does not expose one).
 * Three characters a token: English prose runs near four, logs full of numbers, hex and paths
 * nearer three, so budgets computed with this hold for both.
 */
export const CHARS_PER_TOKEN = 3;

export function estimateTokens(text: string): number {
  return Math.ceil(text.length / CHARS_PER_TOKEN);
}

/** The most characters that stay within `tokens`. */
export function charsForTokens(tokens: number): number {
  return Math.max(0, Math.floor(tokens * CHARS_PER_TOKEN));
}
