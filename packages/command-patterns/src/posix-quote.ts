/**
 * POSIX shell quoting. Any argument (every character but NUL) comes out of `sh -c` exactly as it
 * went in: plain words stay bare, everything else is single-quoted with `'\''` for a quote.
 */
import { SHELL_RESERVED_WORDS } from './parse-command-line.js';

/** Characters that are never special to a POSIX shell in any position of an argument. */
const SAFE_ARGUMENT = /^[A-Za-z0-9_@%+=:,./-]+$/;

export function quoteArg(arg: string): string {
  return SAFE_ARGUMENT.test(arg) ? arg : singleQuote(arg);
}

function singleQuote(arg: string): string {
  return `'${arg.replaceAll("'", `'\\''`)}'`;
}

/**
 * Quotes a whole argv into one line. The first word is quoted a little more eagerly: bare, `a=b`
 * would be an assignment and `if` a keyword.
 */
export function quoteArgv(argv: readonly string[]): string {
  return argv
    .map((arg, i) =>
      i === 0 && (arg.includes('=') || SHELL_RESERVED_WORDS.has(arg)) ? singleQuote(arg) : quoteArg(arg),
    )
    .join(' ');
}
