/**
 * Fixed decisions of the design, held by reading the sources: command-patterns is the only
 * builder of commands, and nothing starts a process through a shell. The rules about imports
 * (the package direction, no cycles, only the local runner imports node:child_process) are
 * dependency-cruiser's, in .dependency-cruiser.cjs, run by `npm run lint:imports`.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

const files = sources(join(root, 'packages')).filter((f) => f.includes('/src/'));
const outside = (allowed: string[]) => files.filter((f) => !allowed.some((a) => relative(root, f).startsWith(a)));

/** The code of a file without its comments, which may well talk about sudo and ssh. */
function code(file: string): string {
  return readFileSync(file, 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/^\s*\/\/.*$/gm, '');
}

function offenders(candidates: string[], pattern: RegExp): string[] {
  return candidates.filter((f) => pattern.test(code(f))).map((f) => relative(root, f));
}

describe('architecture', () => {
  it('builds sudo and ssh command lines only in command-patterns', () => {
    const others = outside(['packages/command-patterns/']);
    expect(offenders(others, /\[\s*['"`]sudo['"`]\s*,|['"`]sudo\s+-/)).toEqual([]);
    expect(offenders(others, /['"`]ssh\s+-/)).toEqual([]);
  });

  it('never starts a process through a shell', () => {
    expect(offenders(files, /shell:\s*true/)).toEqual([]);
  });
});
