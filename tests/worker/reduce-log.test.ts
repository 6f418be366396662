import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { estimateTokens, maskTemplate, parseLogLine, reduceLog } from '@ai-sysadmin/worker';
import { REAL_JOURNAL_FIXTURE, realLookingJournal } from '../helpers/real-looking-journal.js';

const fixture = (name: string) =>
  readFileSync(new URL(`../fixtures/journalctl/${name}`, import.meta.url), 'utf8')
    .trimEnd()
    .split('\n');

describe('reduceLog on real journals', () => {
  it('passes a log that fits the budget through whole', () => {
    const lines = fixture('journal_arch-2013_p-warning.txt');
    const reduced = reduceLog(lines);
    expect(reduced.verbatim).toBe(true);
    expect(reduced.text).toBe(lines.join('\n'));
    expect(reduced.lines).toBe(28);
  });

  it('keeps errors first when the budget is short, and accounts for every line', () => {
    const lines = fixture('journal_arch-2013_p-warning.txt');
    const reduced = reduceLog(lines, { tokenBudget: 600, headLines: 2, tailLines: 2 });
    expect(reduced.verbatim).toBe(false);
    expect(reduced.tokens).toBeLessThanOrEqual(600);
    expect(reduced.templates.reduce((n, t) => n + t.count, 0)).toBe(28);
    expect(reduced.text).toContain(
      'E x1 [Mar 29 01:07:20] arch kernel: [drm:vmw_driver_load] *ERROR* Hardware has no pitchlock',
    );
    expect(reduced.text).toContain(
      'E x1 [Mar 29 01:07:20] arch systemd-udevd[100]: Failed to apply ACL on /dev/dri/card0: No such file or directory',
    );
    expect(reduced.omittedTemplates).toBeGreaterThan(0);
    expect(reduced.text).toMatch(/Not shown: \d+ templates covering \d+ lines/);
  });

  it('reads journalctl -o json: groups by template, folds exact duplicates, severity from PRIORITY', () => {
    const lines = readFileSync(REAL_JOURNAL_FIXTURE, 'utf8').trimEnd().split('\n');
    expect(parseLogLine(lines[0]!)).toEqual({
      time: '2013-03-29T01:07:20.181Z',
      body: 'arch systemd-journal[88]: Allowing runtime journal files to grow to 24.7M.',
      severity: 'info',
    });
    const reduced = reduceLog(lines, { tokenBudget: 4000 });
    expect(reduced.lines).toBe(461);
    expect(reduced.text).toContain(
      'First lines:\n2013-03-29T01:07:20.181Z arch systemd-journal[88]: Allowing runtime journal files to grow to 24.7M.',
    );
    expect(reduced.templates.reduce((n, t) => n + t.count, 0)).toBe(461);
    const byTemplate = (template: string) => reduced.templates.find((t) => t.template === template);
    // Five lines differing only in the number: one template, five variants.
    expect(byTemplate('arch kernel: NET: Registered protocol family <n>')).toMatchObject({
      count: 5,
      distinct: 5,
      example: 'arch kernel: NET: Registered protocol family 16',
    });
    // Two identical lines: folded into one, marked identical.
    expect(byTemplate('arch kernel: No AGP bridge found')).toMatchObject({ count: 2, distinct: 1 });
    expect(reduced.text).toContain('(identical) arch kernel: No AGP bridge found');
    // The two entries at PRIORITY err or worse (what `journalctl -p err` shows) are errors here.
    const errors = reduced.templates.filter((t) => t.severity === 'error').map((t) => t.example);
    expect(errors).toEqual([
      'arch kernel: [drm:vmw_driver_load] *ERROR* Hardware has no pitchlock',
      'arch systemd-udevd[100]: Failed to apply ACL on /dev/dri/card0: No such file or directory',
    ]);
    for (const example of errors) expect(reduced.text).toContain(example);
    expect(
      byTemplate('arch systemd-udevd[<n>]: Failed to apply ACL on <path>: No such file or directory')!.firstTime,
    ).toBe('2013-03-29T01:07:20.880Z');
  });

  it('brings a 100 000-line journal within the token budget and accounts for every line', () => {
    const lines = realLookingJournal({ lines: 100_000, seed: 7 });
    const reduced = reduceLog(lines, { tokenBudget: 6000 });
    expect(reduced.lines).toBe(100_000);
    expect(reduced.tokens).toBeLessThanOrEqual(6000);
    expect(reduced.tokens).toBe(estimateTokens(reduced.text));
    expect(reduced.templates.reduce((n, t) => n + t.count, 0)).toBe(100_000);
    const shown = reduced.templates.length - reduced.omittedTemplates;
    expect(reduced.shownTemplates).toBe(shown);
    // Every error and warning template is shown; what is left out is routine.
    for (const t of reduced.templates.filter((t) => t.severity !== 'info'))
      expect(reduced.text).toContain(t.example.slice(0, 200));
    expect(reduced.text).toMatch(
      /Not shown: \d+ templates covering \d+ lines \(0 error, 0 warning, \d+ info templates\)/,
    );
    // Head and tail are there as they were.
    expect(reduced.text).toContain(lines[0]);
    expect(reduced.text).toContain(lines[99_999]);
    expect(reduced.text.startsWith('Log of 100000 lines, 2025-03-01T')).toBe(true);
  });
});

describe('maskTemplate', () => {
  it.each([
    [
      'Accepted publickey for root from 192.168.1.20 port 52144 ssh2',
      'Accepted publickey for root from <ip> port <n> ssh<n>',
    ],
    ['link eth0: carrier lost, mac 52:54:00:12:34:56', 'link eth<n>: carrier lost, mac <mac>'],
    ['boot 4737ffc504774b3ba67020bc947f1bc0 started', 'boot <hex> started'],
    ['Started session 7c9e6679-7425-40de-944b-e07fc1f90ae7.', 'Started session <uuid>.'],
    ['segfault at 7f3a2c000010 ip 00007f3a2d1e4b2a sp 00007ffd', 'segfault at <hex> ip <hex> sp <hex>'],
    ['Failed to open /var/lib/nginx/cache/a1b2: Permission denied', 'Failed to open <path>: Permission denied'],
    ['listening on [fe80::1%eth0]:53 and [::1]:53', 'listening on [<ip>]:<n> and [::<n>]:<n>'],
    ['timer fired at 12:01:33.512 after 1.5s', 'timer fired at <time> after <n>s'],
    ['added 3 entries', 'added <n> entries'],
  ])('%s', (line, template) => {
    expect(maskTemplate(line)).toBe(template);
  });
});

const word = fc.constantFrom(
  'nginx',
  'started',
  'failed',
  'connection',
  'from',
  'to',
  'unit',
  'kernel:',
  'reset',
  'timeout',
  'error',
  'ok',
);
/** Kinds of variable part; a slot of a message shape always holds the same kind. */
const kinds = [
  fc.nat({ max: 99999 }).map(String),
  fc
    .tuple(fc.nat({ max: 255 }), fc.nat({ max: 255 }), fc.nat({ max: 255 }), fc.nat({ max: 255 }))
    .map((p) => p.join('.')),
  fc.uuid(),
  fc.nat().map((n) => `0x${n.toString(16)}`),
  fc
    .array(fc.constantFrom('var', 'log', 'lib', 'nginx', 'a1'), { minLength: 1, maxLength: 4 })
    .map((p) => `/${p.join('/')}`),
];
const shape = fc.array(fc.oneof(word, fc.integer({ min: 0, max: kinds.length - 1 })), { minLength: 1, maxLength: 8 });
/** A message of this shape: words as they are, each slot filled with a value of its kind. */
const messageOf = (parts: Array<string | number>) =>
  fc.tuple(...parts.map((p) => (typeof p === 'string' ? fc.constant(p) : kinds[p]!))).map((ws) => ws.join(' '));
const logLines = fc.array(
  fc
    .tuple(shape.chain(messageOf), fc.nat({ max: 86399 }), fc.nat({ max: 65535 }))
    .map(
      ([message, second, pid]) =>
        `2025-03-01T${new Date(second * 1000).toISOString().slice(11, 19)}+00:00 host app[${pid}]: ${message}`,
    ),
  { maxLength: 300 },
);

describe('reduceLog invariants', () => {
  it('counts every line exactly once, in templates that match their lines', () => {
    fc.assert(
      fc.property(logLines, fc.integer({ min: 50, max: 3000 }), (lines, budget) => {
        const reduced = reduceLog(lines, { tokenBudget: budget });
        expect(reduced.lines).toBe(lines.length);
        expect(reduced.templates.reduce((n, t) => n + t.count, 0)).toBe(lines.length);
        for (const t of reduced.templates) {
          const members = lines.filter((l) => maskTemplate(parseLogLine(l).body) === t.template);
          expect(members.length).toBe(t.count);
          expect(members.map((l) => parseLogLine(l).body)).toContain(t.example);
          expect(t.firstLine).toBeLessThanOrEqual(t.lastLine);
          expect(t.distinct).toBeLessThanOrEqual(t.count);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('never goes over the token budget, and shows the log whole exactly when it fits', () => {
    fc.assert(
      fc.property(logLines, fc.integer({ min: 50, max: 3000 }), (lines, budget) => {
        const reduced = reduceLog(lines, { tokenBudget: budget });
        expect(reduced.tokens).toBeLessThanOrEqual(budget);
        expect(reduced.verbatim).toBe(estimateTokens(lines.join('\n')) <= budget);
      }),
      { numRuns: 200 },
    );
  });

  it('puts lines that differ only in numbers, addresses, ids, hex and paths in one template', () => {
    fc.assert(
      fc.property(
        shape.chain((parts) => fc.array(messageOf(parts), { minLength: 2, maxLength: 20 })),
        (messages) => {
          expect(reduceLog(messages.map((m) => `host app: ${m}`)).templates).toHaveLength(1);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('is deterministic', () => {
    fc.assert(
      fc.property(logLines, (lines) => {
        expect(reduceLog(lines, { tokenBudget: 300 })).toEqual(reduceLog([...lines], { tokenBudget: 300 }));
      }),
      { numRuns: 50 },
    );
  });
});
