import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PageSplitter } from '@ai-sysadmin/core';

/** Splits `bytes` fed in the given chunk sizes and returns the pages as byte arrays. */
function split(bytes: Buffer, pageBytes: number, chunkSizes: number[]) {
  const splitter = new PageSplitter(pageBytes);
  let at = 0;
  let k = 0;
  while (at < bytes.length) {
    const size = Math.max(1, chunkSizes.length ? chunkSizes[k++ % chunkSizes.length]! : bytes.length);
    splitter.push(bytes.subarray(at, at + size));
    at += size;
  }
  const result = splitter.finish();
  const pages = result.pageStarts.map((start, i) => bytes.subarray(start, result.pageStarts[i + 1] ?? bytes.length));
  return { ...result, pages };
}

const text = fc
  .array(
    fc.oneof(
      fc.constantFrom('\n', 'a', 'é', '€', '😀', ' '),
      fc.string({ unit: 'grapheme', maxLength: 30 }),
      fc.string({ maxLength: 200 }).map((s) => `${s}\n`),
    ),
    { maxLength: 80 },
  )
  .map((parts) => parts.join(''));

describe('PageSplitter', () => {
  it('pages put back together are the input, however the bytes arrive', () => {
    fc.assert(
      fc.property(
        text,
        fc.integer({ min: 4, max: 300 }),
        fc.array(fc.integer({ min: 1, max: 97 }), { maxLength: 5 }),
        (s, pageBytes, chunks) => {
          const bytes = Buffer.from(s, 'utf8');
          const { pages } = split(bytes, pageBytes, chunks);
          expect(Buffer.concat(pages).equals(bytes)).toBe(true);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('every page fits the page size (3 bytes more at most, to end a character) and splits no character', () => {
    fc.assert(
      fc.property(
        text,
        fc.integer({ min: 4, max: 300 }),
        fc.array(fc.integer({ min: 1, max: 97 }), { maxLength: 5 }),
        (s, pageBytes, chunks) => {
          const { pages } = split(Buffer.from(s, 'utf8'), pageBytes, chunks);
          for (const page of pages) {
            expect(page.length).toBeLessThanOrEqual(pageBytes + 3);
            // Decoding each page alone loses nothing: no character was cut in two.
            expect(Buffer.from(page.toString('utf8'), 'utf8').equals(page)).toBe(true);
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it('a page ends at a line end whenever one fits, and the chunking does not change where', () => {
    fc.assert(
      fc.property(
        text,
        fc.integer({ min: 4, max: 300 }),
        fc.array(fc.integer({ min: 1, max: 97 }), { maxLength: 5 }),
        (s, pageBytes, chunks) => {
          const bytes = Buffer.from(s, 'utf8');
          const whole = split(bytes, pageBytes, []);
          const chunked = split(bytes, pageBytes, chunks);
          expect(chunked.pageStarts).toEqual(whole.pageStarts);
          expect(chunked.pageFirstLines).toEqual(whole.pageFirstLines);
          whole.pages.slice(0, -1).forEach((page, i) => {
            const next = whole.pages[i + 1]!;
            // A page not ending in a newline had no newline at all (one long line was cut).
            if (page[page.length - 1] !== 10) expect(page.includes(10)).toBe(false);
            // And a page ending at a newline could not have held the next line too.
            else {
              const nextLineEnd = next.indexOf(10);
              if (nextLineEnd !== -1) expect(page.length + nextLineEnd + 1).toBeGreaterThan(pageBytes);
            }
          });
        },
      ),
      { numRuns: 500 },
    );
  });

  it('counts lines and numbers the first line of every page', () => {
    fc.assert(
      fc.property(text, fc.integer({ min: 4, max: 120 }), (s, pageBytes) => {
        const bytes = Buffer.from(s, 'utf8');
        const { pages, lines, pageFirstLines } = split(bytes, pageBytes, [7]);
        expect(lines).toBe(s === '' ? 0 : s.split('\n').length - (s.endsWith('\n') ? 1 : 0));
        let newlinesBefore = 0;
        pages.forEach((page, i) => {
          expect(pageFirstLines[i]).toBe(newlinesBefore + 1);
          newlinesBefore += page.toString('utf8').split('\n').length - 1;
        });
      }),
      { numRuns: 300 },
    );
  });
});
