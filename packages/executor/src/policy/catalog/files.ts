/**
 * Reading files. Content is read only from absolute paths outside secret locations and outside
 * world-writable directories (see `secret-paths.ts`); at execution time the paths are resolved
 * on the host and checked again, so a symlink cannot lead to a secret. Nothing here writes.
 */
import { type ProgramSpec, flags } from '../catalog-types.js';

const contentPaths = [{ kind: 'path' as const, min: 1, max: 16 }];

export const FILES: readonly ProgramSpec[] = [
  {
    program: 'cat',
    category: 'files',
    summary: 'print files',
    options: flags(
      ['-n', '--number'],
      ['-b', '--number-nonblank'],
      ['-A', '--show-all'],
      ['-E', '--show-ends'],
      ['-T', '--show-tabs'],
      ['-v', '--show-nonprinting'],
      ['-s', '--squeeze-blank'],
    ),
    shapes: [{ id: 'cat', summary: 'print files', operands: contentPaths, risk: 'read-only' }],
  },
  {
    program: 'head',
    category: 'files',
    summary: 'print the start of files',
    options: [
      ...flags(['-q', '--quiet'], ['-v', '--verbose']),
      { names: ['-n', '--lines'], value: 'signed-count' },
      { names: ['-c', '--bytes'], value: 'signed-count' },
    ],
    shapes: [{ id: 'head', summary: 'print the first lines', operands: contentPaths, risk: 'read-only' }],
  },
  {
    program: 'tail',
    category: 'files',
    summary: 'print the end of files',
    // -f/-F/--follow (never ends), --pid and --retry are left out.
    options: [
      ...flags(['-q', '--quiet'], ['-v', '--verbose']),
      { names: ['-n', '--lines'], value: 'signed-count' },
      { names: ['-c', '--bytes'], value: 'signed-count' },
    ],
    shapes: [{ id: 'tail', summary: 'print the last lines', operands: contentPaths, risk: 'read-only' }],
  },
  {
    program: 'wc',
    category: 'files',
    summary: 'count lines, words and bytes',
    options: flags(
      ['-l', '--lines'],
      ['-c', '--bytes'],
      ['-w', '--words'],
      ['-m', '--chars'],
      ['-L', '--max-line-length'],
    ),
    shapes: [{ id: 'wc', summary: 'count lines', operands: contentPaths, risk: 'read-only' }],
  },
  {
    program: 'grep',
    category: 'files',
    summary: 'search files',
    // Recursion (-r, -R, -d recurse) is left out: it would reach secret files the paths do not name.
    options: [
      ...flags(
        ['-i', '--ignore-case'],
        ['-n', '--line-number'],
        ['-c', '--count'],
        ['-l', '--files-with-matches'],
        ['-L', '--files-without-match'],
        ['-v', '--invert-match'],
        ['-w', '--word-regexp'],
        ['-x', '--line-regexp'],
        ['-E', '--extended-regexp'],
        ['-F', '--fixed-strings'],
        ['-G', '--basic-regexp'],
        ['-P', '--perl-regexp'],
        ['-o', '--only-matching'],
        ['-q', '--quiet'],
        ['-s', '--no-messages'],
        ['-h', '--no-filename'],
        ['-H', '--with-filename'],
        ['-a', '--text'],
        ['-I'],
      ),
      { names: ['-m', '--max-count'], value: 'count' },
      { names: ['-A', '--after-context'], value: { kind: 'count', max: 1000 } },
      { names: ['-B', '--before-context'], value: { kind: 'count', max: 1000 } },
      { names: ['-C', '--context'], value: { kind: 'count', max: 1000 } },
      { names: ['--color', '--colour'], value: { oneOf: ['never'] } },
    ],
    shapes: [
      {
        id: 'grep -e',
        summary: 'search files for patterns given by -e or -f',
        options: [
          { names: ['-e', '--regexp'], value: 'text' },
          { names: ['-f', '--file'], value: 'path' },
        ],
        requires: [['-e', '-f']],
        operands: contentPaths,
        risk: 'read-only',
      },
      {
        id: 'grep',
        summary: 'search files for a pattern',
        operands: [{ kind: 'text' }, ...contentPaths],
        risk: 'read-only',
      },
    ],
  },
  {
    program: 'ls',
    category: 'files',
    summary: 'list directories',
    options: [
      ...flags(
        ['-l'],
        ['-a', '--all'],
        ['-A', '--almost-all'],
        ['-h', '--human-readable'],
        ['-t'],
        ['-r', '--reverse'],
        ['-S'],
        ['-d', '--directory'],
        ['-i', '--inode'],
        ['-n', '--numeric-uid-gid'],
        ['-1'],
        ['-F', '--classify'],
        ['-R', '--recursive'],
        ['--full-time'],
        ['-Z', '--context'],
      ),
      { names: ['--color'], value: { oneOf: ['never'] } },
      { names: ['--time-style'], value: 'word' },
    ],
    shapes: [
      { id: 'ls', summary: 'list files', operands: [{ kind: 'meta-path', min: 0, max: 16 }], risk: 'read-only' },
    ],
  },
  {
    program: 'stat',
    category: 'files',
    summary: 'file metadata',
    options: [
      ...flags(['-L', '--dereference'], ['-f', '--file-system'], ['-t', '--terse']),
      { names: ['-c', '--format'], value: 'format' },
    ],
    shapes: [
      {
        id: 'stat',
        summary: 'show file metadata',
        operands: [{ kind: 'meta-path', min: 1, max: 16 }],
        risk: 'read-only',
      },
    ],
  },
  {
    program: 'find',
    category: 'files',
    summary: 'find files by name, type, age or size',
    optionStyle: 'words',
    // Actions that run or write (-exec, -execdir, -ok, -okdir, -delete, -fprint*, -fls) are
    // forbidden outright; following symlinks (-L, -follow) is left out.
    options: [
      ...flags(
        ['-xdev'],
        ['-mount'],
        ['-print'],
        ['-print0'],
        ['-empty'],
        ['-ls'],
        ['-o', '-or'],
        ['-a', '-and'],
        ['-not'],
        ['-readable'],
        ['-writable'],
        ['-executable'],
      ),
      { names: ['-maxdepth'], value: { kind: 'count', max: 32 } },
      { names: ['-mindepth'], value: { kind: 'count', max: 32 } },
      { names: ['-name', '-iname'], value: 'name-pattern' },
      { names: ['-path', '-ipath'], value: 'text' },
      { names: ['-type'], value: { oneOf: ['f', 'd', 'l', 'b', 'c', 'p', 's'] } },
      { names: ['-mtime', '-atime', '-ctime', '-mmin', '-amin', '-cmin'], value: 'signed-number' },
      { names: ['-size'], value: 'size' },
      { names: ['-user', '-group'], value: 'user-name' },
      { names: ['-newer'], value: 'meta-path' },
      { names: ['-perm'], value: 'word' },
    ],
    shapes: [
      { id: 'find', summary: 'find files', operands: [{ kind: 'meta-path', min: 1, max: 8 }], risk: 'read-only' },
    ],
  },
];
