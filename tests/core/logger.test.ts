import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '@ai-sysadmin/core';

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...chunk.toString().trim().split('\n'));
      done();
    },
  });
  return { lines, destination };
}

describe('logger', () => {
  it('writes JSON lines naming the assistant and component', () => {
    const { lines, destination } = capture();
    createLogger({ aiName: 'rhiannon', component: 'daemon', destination }).info({ host: 'web1' }, 'check done');
    expect(JSON.parse(lines[0]!)).toMatchObject({
      level: 30,
      ai: 'rhiannon',
      component: 'daemon',
      host: 'web1',
      msg: 'check done',
    });
  });

  it('never writes a secret, wherever it sits in the logged object', () => {
    const { lines, destination } = capture();
    createLogger({ destination }).warn(
      {
        token: 'T0P',
        gotify: { url: 'https://push', token: 'AppT0ken' },
        request: { headers: { authorization: 'Bearer abc', 'X-Gotify-Key': 'k3y' } },
        ssh: { privateKey: '-----BEGIN OPENSSH PRIVATE KEY-----', password: 'hunter2' },
      },
      'sending',
    );
    const line = lines[0]!;
    for (const secret of ['T0P', 'AppT0ken', 'Bearer abc', 'k3y', 'BEGIN OPENSSH', 'hunter2'])
      expect(line).not.toContain(secret);
    expect(JSON.parse(line)).toMatchObject({ gotify: { url: 'https://push', token: '[redacted]' } });
  });
});
