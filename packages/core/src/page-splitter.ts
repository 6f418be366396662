/**
 * Splits a byte stream into pages of at most `pageBytes`, fed chunk by chunk so that output of
 * any size is paged while it is written. A page ends after the last newline that fits; a line
 * longer than a page is cut at the byte limit, moved forward to the next UTF-8 character start
 * (so such a page may exceed the limit by up to 3 bytes) and never splits a character.
 */
export class PageSplitter {
  /** Byte offset where each page starts; the first is 0. */
  readonly pageStarts: number[] = [0];
  /** 1-based number of the line each page starts in. */
  readonly pageFirstLines: number[] = [1];
  private position = 0;
  /** Newlines seen so far (all of them before `position`, plus those consumed in the current chunk). */
  private newlines = 0;
  private lastLineEnd = 0;
  private newlinesAtLastLineEnd = 0;
  private lastByte = -1;
  private cutPending = false;

  constructor(private readonly pageBytes: number) {
    if (!Number.isInteger(pageBytes) || pageBytes < 4)
      throw new RangeError('pageBytes must be an integer of at least 4');
  }

  push(chunk: Uint8Array): void {
    let i = 0;
    while (i < chunk.length) {
      if (this.cutPending) {
        // Within a line longer than a page: cut at the first byte that starts a character.
        if ((chunk[i]! & 0xc0) === 0x80) {
          i++;
          continue;
        }
        this.cutAt(this.position + i, this.newlines);
        this.cutPending = false;
        continue;
      }
      const limit = this.pageStarts[this.pageStarts.length - 1]! + this.pageBytes;
      const newline = chunk.indexOf(10, i);
      if (newline !== -1 && this.position + newline < limit) {
        this.newlines++;
        this.lastLineEnd = this.position + newline + 1;
        this.newlinesAtLastLineEnd = this.newlines;
        i = newline + 1;
        continue;
      }
      // No newline left before the page's limit. If the limit is past this chunk, read on.
      if (this.position + chunk.length <= limit) break;
      if (this.lastLineEnd > this.pageStarts[this.pageStarts.length - 1]!) {
        this.cutAt(this.lastLineEnd, this.newlinesAtLastLineEnd);
      } else {
        this.cutPending = true;
        i = limit - this.position;
      }
    }
    if (chunk.length > 0) this.lastByte = chunk[chunk.length - 1]!;
    this.position += chunk.length;
  }

  finish(): { bytes: number; lines: number; pageStarts: number[]; pageFirstLines: number[] } {
    // A cut that fell exactly on the end starts no page.
    if (this.pageStarts.length > 1 && this.pageStarts[this.pageStarts.length - 1] === this.position) {
      this.pageStarts.pop();
      this.pageFirstLines.pop();
    }
    const lines = this.position === 0 ? 0 : this.newlines + (this.lastByte === 10 ? 0 : 1);
    return { bytes: this.position, lines, pageStarts: this.pageStarts, pageFirstLines: this.pageFirstLines };
  }

  private cutAt(offset: number, newlinesBefore: number): void {
    this.pageStarts.push(offset);
    this.pageFirstLines.push(newlinesBefore + 1);
    this.lastLineEnd = offset;
    this.newlinesAtLastLineEnd = newlinesBefore;
  }
}
