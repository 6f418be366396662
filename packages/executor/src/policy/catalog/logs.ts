/** The journal: read with journalctl, written to with logger. */
import { type OptionSpec, type ProgramSpec, flags } from '../catalog-types.js';
import { LOGGER_PRIORITIES } from '../logger-identity.js';

/** What `journalctl -b` takes from the next word: an offset (`-1`, `0`, `+2`) or a boot id. */
const BOOT_WORD = /^[+-]?\d{1,9}$|^[0-9a-fA-F]{32}([+-]\d{1,9})?$/;

const OUTPUT_FORMATS = [
  'short',
  'short-full',
  'short-iso',
  'short-iso-precise',
  'short-precise',
  'short-monotonic',
  'short-unix',
  'verbose',
  'export',
  'json',
  'json-pretty',
  'json-sse',
  'json-seq',
  'cat',
  'with-unit',
];

/**
 * What journalctl may be asked. Left out on purpose: following (-f), other journals (-D, --file,
 * --root, --image, -M, -H), anything that changes the journal (--vacuum-*, --rotate, --flush,
 * --sync, --relinquish-var, --setup-keys, --update-catalog), writing files (--cursor-file) and
 * --output-fields. An abbreviation (`--output-f`) is never taken for an option.
 */
const JOURNAL_OPTIONS: OptionSpec[] = [
  ...flags(
    ['--no-pager'],
    ['-r', '--reverse'],
    ['-k', '--dmesg'],
    ['-x', '--catalog'],
    ['-q', '--quiet'],
    ['-a', '--all'],
    ['-e', '--pager-end'],
    ['--utc'],
    ['--no-hostname'],
    ['-m', '--merge'],
    ['-l', '--full'],
    ['--no-full'],
  ),
  { names: ['-u', '--unit'], value: 'unit' },
  { names: ['-p', '--priority'], value: 'priority' },
  { names: ['-n', '--lines'], value: { kind: 'count', max: 100_000 } },
  { names: ['-b', '--boot'], value: 'boot', optionalValue: 'next', takesNext: (word) => BOOT_WORD.test(word) },
  { names: ['-S', '--since'], value: 'time' },
  { names: ['-U', '--until'], value: 'time' },
  { names: ['-o', '--output'], value: { oneOf: OUTPUT_FORMATS } },
  { names: ['-g', '--grep'], value: 'text' },
  { names: ['-t', '--identifier'], value: 'word' },
  { names: ['--facility'], value: 'word' },
];

export const LOGS: readonly ProgramSpec[] = [
  {
    program: 'journalctl',
    category: 'logs',
    summary: 'the systemd journal',
    options: JOURNAL_OPTIONS,
    shapes: [
      {
        id: 'journalctl --disk-usage',
        summary: 'show journal size',
        options: flags(['--disk-usage']),
        requires: [['--disk-usage']],
        risk: 'read-only',
      },
      {
        id: 'journalctl --list-boots',
        summary: 'list boots',
        options: flags(['--list-boots']),
        requires: [['--list-boots']],
        risk: 'read-only',
      },
      {
        id: 'journalctl',
        summary: 'read journal entries',
        operands: [{ kind: 'journal-match', min: 0, max: 8 }],
        risk: 'read-only',
      },
    ],
  },
  {
    program: 'logger',
    category: 'logs',
    summary: 'write a message to the system log',
    // -f (send a file's contents), -n/-P/-T/-d/--server (send to another host), --socket, --id=PID
    // and --prio-prefix are left out; the tag is checked against policy.loggerTags (logger-identity.ts).
    options: [
      { names: ['-t', '--tag'], value: 'word' },
      { names: ['-p', '--priority'], value: { oneOf: LOGGER_PRIORITIES } },
      { names: ['-i'] },
    ],
    shapes: [
      {
        id: 'logger',
        summary: 'log a message',
        requires: [['-t']],
        operands: [{ kind: 'text', min: 1, max: 64 }],
        risk: 'low',
      },
    ],
  },
];
