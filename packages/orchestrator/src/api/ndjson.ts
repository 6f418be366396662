/** A response of one JSON object per line, written as things happen (check progress, an approval's run). */
import { PassThrough } from 'node:stream';
import type { FastifyReply } from 'fastify';

export interface NdjsonWriter {
  write(value: unknown): void;
  end(): void;
}

export function ndjson(reply: FastifyReply): NdjsonWriter {
  const stream = new PassThrough();
  void reply
    .code(200)
    .header('content-type', 'application/x-ndjson; charset=utf-8')
    .header('cache-control', 'no-store')
    .send(stream);
  return {
    write: (value) => {
      stream.write(`${JSON.stringify(value)}\n`);
    },
    end: () => {
      stream.end();
    },
  };
}
