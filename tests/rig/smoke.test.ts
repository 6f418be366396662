/**
 * Proves every server of the rig is the real thing and answers as its clients expect, and that a
 * test can kill and restart each one.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { ChromaClient } from 'chromadb';
import { Client as SshClient } from 'ssh2';
import { Ollama } from 'ollama';
import got from 'got';
import { readFileSync } from 'node:fs';
import { Agent } from 'node:http';
import { startChroma, startFakeOllama, startGotify, startRedis, startSshHost, startTarpit } from './index.js';

const cleanups: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

function sshExec(port: number, keyPath: string, command: string): Promise<{ stdout: string; code: number | null }> {
  return new Promise((resolve, reject) => {
    const client = new SshClient();
    client
      .on('ready', () => {
        client.exec(command, (error, stream) => {
          if (error) return reject(error);
          let stdout = '';
          stream.on('data', (d: Buffer) => (stdout += d.toString()));
          stream.stderr.on('data', () => {});
          stream.on('close', (code: number | null) => {
            client.end();
            resolve({ stdout, code });
          });
        });
      })
      .on('error', reject)
      .connect({ host: '127.0.0.1', port, username: 'root', privateKey: readFileSync(keyPath), readyTimeout: 10_000 });
  });
}

describe('test rig', () => {
  it('runs a real redis-server that answers PING and survives kill and restart', async () => {
    const redis = await startRedis();
    cleanups.push(() => redis.stop());
    const client = new Redis(redis.url, { maxRetriesPerRequest: 1, retryStrategy: () => 100 });
    client.on('error', () => {}); // the kill below makes it complain, as it should
    cleanups.push(async () => client.disconnect());
    expect(await client.ping()).toBe('PONG');
    await client.set('k', 'v');
    await redis.kill();
    await expect(client.get('k')).rejects.toThrow();
    await redis.restart();
    await expect.poll(() => client.ping().catch(() => 'down'), { timeout: 10_000 }).toBe('PONG');
    expect(await client.get('k')).toBeNull(); // nothing persisted: a real restart
  });

  it('runs the real ChromaDB server: heartbeat, then a collection queried by vector', async () => {
    const chroma = await startChroma();
    cleanups.push(() => chroma.stop());
    const url = new URL(chroma.url);
    const client = new ChromaClient({ host: url.hostname, port: Number(url.port), ssl: false });
    expect(await client.heartbeat()).toBeGreaterThan(0);
    const collection = await client.createCollection({ name: 'smoke', embeddingFunction: null });
    await collection.add({
      ids: ['nginx', 'disk'],
      embeddings: [
        [1, 0, 0],
        [0, 1, 0],
      ],
      documents: ['nginx restarted after a config error', 'disk /var filled by journal'],
    });
    const result = await collection.query({ queryEmbeddings: [[0.9, 0.1, 0]], nResults: 1 });
    expect(result.ids[0]).toEqual(['nginx']);
    await chroma.kill();
    await chroma.restart();
    const again = await client.getCollection({ name: 'smoke' });
    expect(await again.count()).toBe(2); // data survives a crash: the server persists to disk
  });

  it('runs a real OpenSSH sshd whose sessions see the stand-ins first on PATH', async () => {
    const host = await startSshHost({
      name: 'web1',
      standIns: { systemctl: { cases: [{ args: '^is-active nginx', stdout: 'active\n' }] } },
    });
    cleanups.push(() => host.stop());
    const { keyPath } = host.sshConfig();
    const uname = await sshExec(host.port, keyPath, 'uname -s');
    expect(uname).toEqual({ stdout: 'Linux\n', code: 0 });
    expect(await sshExec(host.port, keyPath, 'systemctl is-active nginx')).toEqual({ stdout: 'active\n', code: 0 });
    expect(host.calls('systemctl')).toEqual([['is-active', 'nginx']]);
    expect((await sshExec(host.port, keyPath, 'systemctl bogus')).code).toBe(1);

    await host.stop();
    await expect(sshExec(host.port, keyPath, 'true')).rejects.toThrow(/ECONNREFUSED/);
    await host.restart();
    expect((await sshExec(host.port, keyPath, 'true')).code).toBe(0);
  });

  it('offers a tarpit that accepts TCP and never answers', async () => {
    const tarpit = await startTarpit();
    cleanups.push(() => tarpit.stop());
    const client = new SshClient();
    const outcome = await new Promise<string>((resolve) => {
      client.on('ready', () => resolve('ready')).on('error', (e) => resolve(e.message));
      client.connect({ host: '127.0.0.1', port: tarpit.port, username: 'root', readyTimeout: 1000 });
    });
    client.end();
    expect(outcome).toMatch(/Timed out/i);
    expect(tarpit.accepted).toBe(1);
  });

  it('answers the real ollama client: tags, streamed chat with tool calls, embeddings, missing model', async () => {
    const ollama = await startFakeOllama();
    cleanups.push(() => ollama.stop());
    ollama.onChat((request) =>
      request.tools?.length
        ? { content: 'Checking. ', toolCalls: [{ name: 'run_command', arguments: { argv: ['uptime'] } }] }
        : { content: 'The disk is full.' },
    );
    const client = new Ollama({ host: ollama.url });
    expect((await client.list()).models.map((m) => m.name)).toContain('qwen3:8b');

    const stream = await client.chat({
      model: 'qwen3:8b',
      messages: [{ role: 'user', content: 'why?' }],
      stream: true,
    });
    let text = '';
    for await (const part of stream) text += part.message.content;
    expect(text).toBe('The disk is full.');

    const withTools = await client.chat({
      model: 'qwen3:8b',
      messages: [{ role: 'user', content: 'load?' }],
      tools: [
        {
          type: 'function',
          function: { name: 'run_command', description: 'run', parameters: { type: 'object', properties: {} } },
        },
      ],
    });
    expect(withTools.message.tool_calls?.[0]?.function).toEqual({
      name: 'run_command',
      arguments: { argv: ['uptime'] },
    });

    const embedded = await client.embed({ model: 'nomic-embed-text', input: ['a', 'b'] });
    expect(embedded.embeddings).toHaveLength(2);

    await expect(client.chat({ model: 'llama9', messages: [{ role: 'user', content: 'x' }] })).rejects.toThrow(
      /model "llama9" not found, try pulling it first/,
    );
    await ollama.kill();
    await expect(client.list()).rejects.toThrow(/fetch failed/);
    await ollama.restart();
    expect((await client.list()).models.length).toBeGreaterThan(0);
  });

  it('receives Gotify messages with the application token and refuses a wrong one', async () => {
    const gotify = await startGotify({ token: 'Atoken123' });
    cleanups.push(() => gotify.stop());
    const sent = await got
      .post(`${gotify.url}/message`, {
        headers: { 'X-Gotify-Key': gotify.token },
        json: { title: 'disk full on web1', message: '/var at 97%', priority: 8 },
      })
      .json<{ id: number; title: string }>();
    expect(sent).toMatchObject({ id: 1, title: 'disk full on web1' });
    expect(gotify.messages).toMatchObject([{ title: 'disk full on web1', message: '/var at 97%', priority: 8 }]);
    const refused = await got.post(`${gotify.url}/message`, {
      headers: { 'X-Gotify-Key': 'wrong' },
      json: { message: 'x' },
      throwHttpErrors: false,
    });
    expect(refused.statusCode).toBe(401);
    await gotify.kill();
    await gotify.restart();
    // A fresh connection: the kept-alive one died with the old server.
    const after = await got
      .post(`${gotify.url}/message?token=${gotify.token}`, { form: { message: 'back' }, agent: { http: new Agent() } })
      .json<{ id: number }>();
    expect(after.id).toBe(2);
  });
});
