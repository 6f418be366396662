/**
 * Turns a command line a person (or the LLM) typed into an argv, the way a POSIX shell splits
 * words, and refuses everything else a shell would do with it.
 *
 * A word is made of plain characters, 'single-quoted' text, "double-quoted" text and
 * backslash-escaped characters, exactly as in sh. What a shell would treat as syntax (command
 * lists, pipes, redirections, subshells, expansions of variables, commands, arithmetic, globs,
 * tildes and braces, comments, assignments and reserved words in command position) is rejected
 * with its reason instead of being passed on as text: an argv that differs from what `sh -c`
 * would run is never produced. The property tests hold this against a real /bin/sh.
 *
 * Why not shell-quote or shlex: both accept input that sh reads differently (shell-quote drops
 * `a#b` as a comment, joins `a\<newline>b` wrongly and keeps backticks as text), and they cannot
 * tell a quoted `~` or `*` from an unquoted one, which is what safety depends on here.
 */
import { CommandLineRejectedError } from './errors/command-line-rejected-error.js';
import { invisibleCharacterProblem } from './text-safety.js';

export const MAX_COMMAND_LINE_LENGTH = 8192;

/** Words that sh reads as syntax when they stand unquoted in command position. */
export const SHELL_RESERVED_WORDS = new Set([
  'if',
  'then',
  'else',
  'elif',
  'fi',
  'do',
  'done',
  'case',
  'esac',
  'while',
  'until',
  'for',
  'in',
  'function',
  'select',
  'time',
  'coproc',
  '!',
  '{',
  '}',
  '[[',
  ']]',
]);

const OPERATORS: Array<[string, string]> = [
  ['<<<', 'a here-string'],
  ['<<', 'a heredoc'],
  ['>>', 'an output redirection (append)'],
  ['&&', 'a command list (`&&`)'],
  ['||', 'a command list (`||`)'],
  ['|&', 'a pipe'],
  ['>&', 'an output redirection'],
  ['<&', 'an input redirection'],
  ['&>', 'an output redirection'],
  ['<(', 'a process substitution'],
  ['>(', 'a process substitution'],
  [';', 'a command separator (`;`)'],
  ['&', 'a background job (`&`)'],
  ['|', 'a pipe (`|`)'],
  ['>', 'an output redirection (`>`)'],
  ['<', 'an input redirection (`<`)'],
  ['(', 'a subshell (`(`)'],
  [')', 'a subshell (`)`)'],
];

const UNQUOTED_SPECIAL: Record<string, string> = {
  $: 'a `$` expansion (variable, command or arithmetic substitution)',
  '`': 'a command substitution (backtick)',
  '*': 'a glob pattern (`*`)',
  '?': 'a glob pattern (`?`)',
  '[': 'a glob pattern (`[`)',
  '~': 'a tilde expansion (`~`); write the path out in full',
  '{': 'a brace expansion or command group (`{`)',
  '}': 'a brace expansion or command group (`}`)',
};

export function parseCommandLine(text: string): string[] {
  if (text.length > MAX_COMMAND_LINE_LENGTH) {
    throw new CommandLineRejectedError(`it is ${text.length} characters long; the limit is ${MAX_COMMAND_LINE_LENGTH}`);
  }
  const invisible = invisibleCharacterProblem(text);
  if (invisible) throw new CommandLineRejectedError(`it contains ${invisible.reason}`, invisible.index);

  const words: string[] = [];
  let current: string | undefined;
  /** Whether the first word had any quoting or escaping (then it is never an assignment or a reserved word). */
  let firstWordQuoted = false;
  let firstWordStart = -1;

  const endWord = () => {
    if (current === undefined) return;
    if (words.length === 0) checkCommandPosition(text, firstWordStart, current, firstWordQuoted);
    words.push(current);
    current = undefined;
  };
  const append = (s: string, index: number, quoted: boolean) => {
    if (current === undefined) {
      current = '';
      if (words.length === 0) firstWordStart = index;
    }
    current += s;
    if (quoted && words.length === 0) firstWordQuoted = true;
  };

  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === ' ' || c === '\t') {
      endWord();
      i++;
      continue;
    }
    if (c === "'") {
      const end = text.indexOf("'", i + 1);
      if (end < 0) throw new CommandLineRejectedError('an unterminated single quote', i);
      append(text.slice(i + 1, end), i, true);
      i = end + 1;
      continue;
    }
    if (c === '"') {
      const { value, end } = readDoubleQuoted(text, i);
      append(value, i, true);
      i = end + 1;
      continue;
    }
    if (c === '\\') {
      if (i + 1 >= text.length) throw new CommandLineRejectedError('a trailing backslash', i);
      append(text[i + 1]!, i, true);
      i += 2;
      continue;
    }
    const operator = OPERATORS.find(([op]) => text.startsWith(op, i));
    if (operator) throw new CommandLineRejectedError(`it contains ${operator[1]}; only one plain command is run`, i);
    const special = UNQUOTED_SPECIAL[c];
    if (special) throw new CommandLineRejectedError(`it contains ${special}; quote it if it is meant literally`, i);
    if (current === undefined && c === '#') {
      throw new CommandLineRejectedError(
        'it contains a comment (`#` at the start of a word); quote it if it is meant literally',
        i,
      );
    }
    if (current === undefined && c === '!') {
      throw new CommandLineRejectedError(
        'it contains `!` at the start of a word (negation or history expansion); quote it if it is meant literally',
        i,
      );
    }
    append(c, i, false);
    i++;
  }
  endWord();
  if (words.length === 0) throw new CommandLineRejectedError('it is empty');
  return words;
}

function readDoubleQuoted(text: string, start: number): { value: string; end: number } {
  let value = '';
  let k = start + 1;
  for (;;) {
    if (k >= text.length) throw new CommandLineRejectedError('an unterminated double quote', start);
    const ch = text[k]!;
    if (ch === '"') return { value, end: k };
    if (ch === '\\') {
      const next = text[k + 1];
      if (next !== undefined && '$`"\\'.includes(next)) {
        value += next;
        k += 2;
        continue;
      }
      value += '\\';
      k++;
      continue;
    }
    if (ch === '$') {
      throw new CommandLineRejectedError(
        'a `$` expansion inside double quotes; use single quotes for a literal `$`',
        k,
      );
    }
    if (ch === '`') throw new CommandLineRejectedError('a command substitution (backtick) inside double quotes', k);
    value += ch;
    k++;
  }
}

function checkCommandPosition(text: string, start: number, word: string, quoted: boolean): void {
  if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(text.slice(start))) {
    throw new CommandLineRejectedError(
      `it starts with an environment assignment (\`${word.split('=')[0]}=\`); the command must come first`,
      start,
    );
  }
  if (!quoted && SHELL_RESERVED_WORDS.has(word)) {
    throw new CommandLineRejectedError(
      `it starts with the shell keyword \`${word}\`; only one plain command is run`,
      start,
    );
  }
}
