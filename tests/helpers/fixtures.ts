/** Reading recorded tool outputs from tests/fixtures/. */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export const FIXTURES = join(import.meta.dirname, '..', 'fixtures');

export function fixture(path: string): string {
  return readFileSync(join(FIXTURES, path), 'utf8');
}

/** The fixture files of a tool directory, without their .source.txt sidecars. */
export function fixtureFiles(dir: string, pattern: RegExp = /./): string[] {
  return readdirSync(join(FIXTURES, dir))
    .filter((f) => !f.endsWith('.source.txt') && pattern.test(f))
    .sort()
    .map((f) => `${dir}/${f}`);
}
