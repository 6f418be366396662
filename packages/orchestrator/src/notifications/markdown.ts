/**
 * Text from outside (unit descriptions, log lines, alert annotations) inside a Markdown message
 * is escaped, so it shows as the characters it is: no links, no auto-loaded images, no formatting
 * that could make one message look like another (Gotify's docs warn of both).
 */
const SPECIAL = /[\\`*_{}[\]()#+\-.!|<>~=:&]/g;

export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '')
    .replace(/\r?\n/g, ' ')
    .replace(SPECIAL, (c) => `\\${c}`);
}

/** An inline code span for a word from outside (a unit name), with backticks in it made harmless. */
export function codeSpan(text: string): string {
  return `\`${text.replace(/`/g, "'").replace(/[\r\n]/g, ' ')}\``;
}
