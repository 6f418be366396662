/**
 * The knowledge base through the daemon's API, against the real Chroma server, Redis, the LLM
 * worker and the Ollama-API server: knowledge added and found by meaning (embeddings through the
 * queue), the systems registry, the configRepo indexed in chunks with path and line range and
 * indexed again when its HEAD moves; Chroma killed: writes wait in the buffer (also across a
 * daemon restart) and reach Chroma once it is back, while searches say the knowledge base is
 * unavailable.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config, ConfigIndexState, KnowledgeEntry, SystemEntry } from '@ai-sysadmin/core';
import { type LlmWorker, startLlmWorker } from '@ai-sysadmin/worker';
import { type Daemon, KNOWLEDGE_COLLECTION } from '@ai-sysadmin/orchestrator';
import { type ChromaServer, startChroma, waitUntil } from '../rig/index.js';
import { type QueueRig, quietLogger, startQueueRig } from '../helpers/llm-queue-rig.js';
import { type UnitHost, agentDaemonConfig, startDaemon, startUnitHost } from '../helpers/daemon-rig.js';
import { type SocketClient, raw } from '../helpers/socket-client.js';
import { gitRepo } from '../helpers/git-repo.js';

let chroma: ChromaServer;
let rig: QueueRig;
let units: UnitHost;
let worker: LlmWorker;
let daemon: Daemon;
let api: SocketClient;
let config: Config;
let repo: string;

let git: (...args: string[]) => string;

beforeAll(async () => {
  [chroma, rig, units] = await Promise.all([startChroma(), startQueueRig(), startUnitHost('kbhost')]);
  ({ dir: repo, git } = gitRepo('config-repo'));
  const hosts = Array.from({ length: 50 }, (_, i) => `  # line ${i + 2}`).join('\n');
  writeFileSync(join(repo, 'flake.nix'), `{\n${hosts}\n  services.nginx.enable = true;\n}\n`);
  writeFileSync(join(repo, 'backup.nix'), '{ services.restic.backups.daily.paths = [ "/srv" ]; }\n');
  git('add', '.');
  git('commit', '-qm', 'first');
  config = await agentDaemonConfig(rig, {
    hosts: [units.host],
    autonomyLevel: 'observe',
    chromaUrl: chroma.url,
    configRepo: repo,
  });
  worker = await startLlmWorker(config, { logger: quietLogger() });
  ({ daemon, api } = await startDaemon(config));
});
afterAll(async () => {
  await daemon?.stop();
  await worker?.close({ graceMs: 0 });
  await Promise.all([chroma?.stop(), rig?.stop(), units?.host.stop()]);
});

async function addKnowledge(body: { topic: string; content: string; category: string }) {
  const res = await raw(config.api.socket, 'POST', '/v1/knowledge', JSON.stringify(body));
  return { status: res.status, ...res.json<{ id: string; buffered: boolean }>() };
}

/** Chroma's server answers a query only once its index segment is on disk, a moment after the write. */
async function searchUntil<T>(path: string, found: (hits: T[]) => boolean): Promise<T[]> {
  return waitUntil(
    `a search of ${path} to find it`,
    async () => {
      const res = await raw(config.api.socket, 'GET', path);
      if (res.status !== 200) return undefined;
      const hits = res.json<{ hits: T[] }>().hits;
      return found(hits) ? hits : undefined;
    },
    60_000,
  );
}

describe('the knowledge base', { timeout: 240_000 }, () => {
  it('knowledge added through the API is found by meaning, listed, and deleted', async () => {
    const { status, id } = await addKnowledge({
      topic: 'restic on kbhost',
      content: 'restic needs /srv mounted first',
      category: 'procedure',
    });
    expect(status).toBe(201);
    const hits = await searchUntil<KnowledgeEntry>(
      `/v1/knowledge/search?q=${encodeURIComponent('restic on kbhost\nrestic needs /srv mounted first')}`,
      (h) => h.some((e) => e.id === id),
    );
    expect(hits[0]).toMatchObject({ id, topic: 'restic on kbhost', category: 'procedure', source: 'user' });
    expect(hits[0]!.distance).toBeCloseTo(0, 5);
    const embedded = rig.ollama.requests
      .filter((r) => r.path === '/api/embed')
      .flatMap((r) => (r.body as { input: string[] }).input);
    expect(embedded).toContain('restic on kbhost\nrestic needs /srv mounted first');

    const listed = await api.json<{ entries: KnowledgeEntry[] }>('GET', '/v1/knowledge?category=procedure');
    expect(listed.entries.map((e) => e.id)).toEqual([id]);
    const deleted = await api.json<{ deleted: boolean }>('POST', `/v1/knowledge/${id}/delete`);
    expect(deleted.deleted).toBe(true);
    expect((await api.json<{ entries: KnowledgeEntry[] }>('GET', '/v1/knowledge')).entries).toEqual([]);
    expect((await raw(config.api.socket, 'POST', `/v1/knowledge/${id}/delete`)).status).toBe(404);
    const bad = await raw(config.api.socket, 'POST', '/v1/knowledge', JSON.stringify({ topic: '', content: 'x' }));
    expect(bad.status).toBe(400);
    expect(bad.json<{ error: { message: string } }>().error.message).toContain('body.topic');
  });

  it('the systems registry lists local and the managed host with what a check saw; log names are candidates only', async () => {
    units.host.setStandIn('journalctl', {
      stdout: `${JSON.stringify({
        __REALTIME_TIMESTAMP: `${Date.now()}000`,
        PRIORITY: '3',
        _SYSTEMD_UNIT: 'backup.service',
        MESSAGE: 'connect to nas01.lan:22 failed: Connection refused',
      })}\n`,
    });
    await daemon.checkNow();
    const { systems } = await api.json<{ systems: SystemEntry[] }>('GET', '/v1/systems');
    const managed = systems.find((s) => s.name === 'kbhost');
    expect(managed).toMatchObject({ kind: 'managed', status: 'up' });
    expect(managed!.lastSeen).not.toBeNull();
    expect(managed!.os).not.toBeNull();
    expect(systems[0]).toMatchObject({ name: 'local', kind: 'local' });
    const candidate = systems.find((s) => s.name === 'nas01.lan');
    expect(candidate).toMatchObject({ kind: 'candidate', address: null });
    // A candidate never becomes an SSH target.
    expect(daemon.config().remoteSystems.map((s) => s.name)).toEqual(['kbhost']);
    units.host.setStandIn('journalctl', { stdout: '' });
  });

  it('the configRepo is indexed in chunks with path and lines, and again when its HEAD moves', async () => {
    const head = git('rev-parse', 'HEAD');
    const state = await waitUntil('the index at HEAD', async () => {
      const { state: s } = await api.json<{ state: ConfigIndexState }>('GET', '/v1/configs');
      return s.head === head && !s.indexing ? s : undefined;
    });
    expect(state).toMatchObject({ repo, files: 2, chunks: 3 });
    const hits = await searchUntil<{ path: string; startLine: number; endLine: number; text: string }>(
      `/v1/configs/search?q=${encodeURIComponent('services.nginx.enable')}&limit=3`,
      (h) => h.length === 3,
    );
    const nginx = hits.find((h) => h.text.includes('services.nginx.enable'));
    expect(nginx).toMatchObject({ path: 'flake.nix', startLine: 41, endLine: 53 });

    writeFileSync(join(repo, 'backup.nix'), '{ services.restic.backups.daily.paths = [ "/srv" "/home" ]; }\n');
    git('commit', '-qam', 'second');
    const moved = git('rev-parse', 'HEAD');
    await daemon.checkNow();
    await waitUntil('the index at the new HEAD', async () => {
      const { state: s } = await api.json<{ state: ConfigIndexState }>('GET', '/v1/configs');
      return s.head === moved && !s.indexing;
    });
    await waitUntil('the new text in Chroma', async () => {
      const [record] = await daemon.vectorStore.get('configs', ['config:backup.nix:0']);
      return record?.document.includes('/home') === true;
    });
  });

  it('Chroma killed: a write waits in the buffer across a daemon restart and reaches Chroma once it is back; searches say unavailable', async () => {
    await chroma.kill();
    const { status, id, buffered } = await addKnowledge({
      topic: 'while chroma is down',
      content: 'this waits in the buffer',
      category: 'note',
    });
    expect(status).toBe(202);
    expect(buffered).toBe(true);
    const search = await raw(config.api.socket, 'GET', `/v1/knowledge/search?q=anything`);
    expect(search.status).toBe(503);
    expect(search.json<{ error: { code: string; message: string } }>().error).toMatchObject({
      code: 'KNOWLEDGE_UNAVAILABLE',
      message: expect.stringContaining('the knowledge base is unavailable'),
    });
    // What the agent's prompt builder gets.
    const outcome = await daemon.knowledge.searchKnowledge('anything', 3);
    expect(outcome.available).toBe(false);
    expect((await daemon.knowledge.searchIssues('anything', 3)).available).toBe(false);

    await daemon.stop();
    ({ daemon, api } = await startDaemon(config));
    expect(daemon.vectorStore.isPending(KNOWLEDGE_COLLECTION, id)).toBe(true);
    await chroma.restart();
    // In Chroma, and then gone from the buffer (the buffer's file goes once Chroma has answered the write).
    await waitUntil(
      'the buffered write in Chroma and out of the buffer',
      async () => {
        try {
          const inChroma = (await daemon.vectorStore.get(KNOWLEDGE_COLLECTION, [id])).length === 1;
          return inChroma && !daemon.vectorStore.isPending(KNOWLEDGE_COLLECTION, id);
        } catch {
          return false;
        }
      },
      60_000,
    );
    const hits = await searchUntil<KnowledgeEntry>(
      `/v1/knowledge/search?q=${encodeURIComponent('while chroma is down\nthis waits in the buffer')}`,
      (h) => h.some((e) => e.id === id),
    );
    expect(hits[0]!.content).toBe('this waits in the buffer');
  });
});
