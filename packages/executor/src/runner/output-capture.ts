/**
 * Collects one output stream: keeps the first `limit` bytes, counts the rest, and where asked
 * writes the whole stream to a file so nothing that was cut is lost.
 */
import { createWriteStream, type WriteStream } from 'node:fs';

export class OutputCapture {
  private readonly chunks: Buffer[] = [];
  private kept = 0;
  private total = 0;
  private spill: WriteStream | undefined;
  private closed = false;

  constructor(
    private readonly limit: number,
    private readonly spillPath?: string,
  ) {}

  push(chunk: Buffer): void {
    if (this.closed) return; // output that arrives after the command was given up on
    const keepNow = chunk.subarray(0, Math.max(0, this.limit - this.kept));
    if (keepNow.length > 0) {
      this.chunks.push(keepNow);
      this.kept += keepNow.length;
    }
    this.total += chunk.length;
    if (this.spill) {
      this.spill.write(chunk);
    } else if (this.total > this.limit && this.spillPath) {
      // The first overflow: the file starts with everything kept so far.
      this.spill = createWriteStream(this.spillPath, { mode: 0o600 });
      for (const c of this.chunks) this.spill.write(c);
      this.spill.write(chunk.subarray(keepNow.length));
    }
  }

  get bytes(): number {
    return this.total;
  }

  get truncated(): boolean {
    return this.total > this.limit;
  }

  get spilledTo(): string | undefined {
    return this.spill ? this.spillPath : undefined;
  }

  /** The kept bytes as text; a multi-byte character cut at the limit is dropped, not mangled. */
  text(): string {
    const buffer = Buffer.concat(this.chunks);
    const text = buffer.toString('utf8');
    return this.truncated && text.endsWith('\ufffd') ? text.replace(/\ufffd+$/, '') : text;
  }

  async close(): Promise<void> {
    this.closed = true;
    const spill = this.spill;
    if (!spill) return;
    await new Promise<void>((resolve, reject) => spill.end((error?: Error | null) => (error ? reject(error) : resolve())));
  }
}
