import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { quoteArg, quoteArgv } from '@ai-sysadmin/command-patterns';
import { wordsFromShell } from '../helpers/shell.js';

/** Any Unicode text a process argument can carry: everything but NUL, full code points only. */
const argument = fc.string({ unit: 'binary', maxLength: 24 }).filter((s) => !s.includes('\0'));
/** Text made mostly of what shells treat specially, so quoting is tried where it matters. */
const shellish = fc.string({
  unit: fc.constantFrom(
    "'",
    '"',
    '\\',
    '$',
    '`',
    ' ',
    '\t',
    '\n',
    ';',
    '|',
    '&',
    '*',
    '?',
    '~',
    '#',
    '{',
    '}',
    '!',
    '=',
    '(',
    ')',
    '<',
    '>',
    'a',
    'é',
    '\u202e',
    '\x1b',
    '%',
  ),
  maxLength: 16,
});
const argvArb = fc.array(fc.oneof(argument, shellish), { maxLength: 6 });

function roundTrip(shell: string, argv: string[]): string[] {
  const line = quoteArgv(['printf', '%s\\0', 'START', ...argv]);
  return wordsFromShell(shell, line).slice(1);
}

describe('POSIX quoting', () => {
  for (const shell of ['/bin/sh', '/bin/bash']) {
    it(`round-trips arbitrary argv through a real ${shell} -c`, () => {
      fc.assert(
        fc.property(argvArb, (argv) => {
          expect(roundTrip(shell, argv)).toEqual(argv);
        }),
        { numRuns: 250 },
      );
    });
  }

  it('leaves plain words bare and quotes the rest', () => {
    expect(quoteArg('nginx.service')).toBe('nginx.service');
    expect(quoteArg('--since=2024-01-01')).toBe('--since=2024-01-01');
    expect(quoteArg('')).toBe("''");
    expect(quoteArg('a b')).toBe("'a b'");
    expect(quoteArg("it's")).toBe("'it'\\''s'");
    expect(quoteArg('$(reboot)')).toBe("'$(reboot)'");
  });

  it('quotes a first word that a shell would read as an assignment or a keyword', () => {
    expect(quoteArgv(['FOO=bar', 'x'])).toBe("'FOO=bar' x");
    expect(quoteArgv(['if', 'x'])).toBe("'if' x");
    expect(quoteArgv(['echo', 'FOO=bar', 'if'])).toBe('echo FOO=bar if');
  });
});
