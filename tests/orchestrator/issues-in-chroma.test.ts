/**
 * The tracker's mirror in ChromaDB's `issues` collection, against the real Chroma server, Redis,
 * the LLM worker and the Ollama-API server: embeddings are made through the queue (never by
 * Chroma), Chroma killed during cycles leaves the tracker working, and after its restart it holds
 * every issue; with Ollama away the writes wait, and are filled in once it is back.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LlmWorker, startLlmWorker } from '@ai-sysadmin/worker';
import type { Daemon } from '@ai-sysadmin/orchestrator';
import { ISSUES_COLLECTION, issueRecord } from '@ai-sysadmin/orchestrator';
import { type ChromaServer, hashVector, startChroma, waitUntil } from '../rig/index.js';
import { type QueueRig, quietLogger, startQueueRig } from '../helpers/llm-queue-rig.js';
import { type UnitHost, daemonConfig, startDaemon, startUnitHost } from '../helpers/daemon-rig.js';

let chroma: ChromaServer;
let rig: QueueRig;
let units: UnitHost;
let worker: LlmWorker;
let daemon: Daemon;

beforeAll(async () => {
  [chroma, rig, units] = await Promise.all([startChroma(), startQueueRig(), startUnitHost('files')]);
  const config = await daemonConfig({
    hosts: [units.host],
    autonomyLevel: 'observe',
    redisUrl: rig.redis.url,
    ollamaHost: rig.ollama.url,
    chromaUrl: chroma.url,
    embedModel: 'nomic-embed-text',
    llm: { retryAttempts: 2, retryBackoffMs: 100 },
  });
  worker = await startLlmWorker(config, { logger: quietLogger() });
  ({ daemon } = await startDaemon(config));
});
afterAll(async () => {
  await daemon?.stop();
  await worker?.close({ graceMs: 0 });
  await Promise.all([chroma?.stop(), rig?.stop(), units?.host.stop()]);
});

const inChroma = async () => {
  try {
    return await daemon.vectorStore.count(ISSUES_COLLECTION);
  } catch {
    return -1;
  }
};

describe('issues in ChromaDB', { timeout: 240_000 }, () => {
  it('are written with embeddings made through the LLM queue, and found by meaning', async () => {
    units.fail('nginx.service');
    await daemon.checkNow();
    // The agent diagnoses it meanwhile (the model answers), so the issue's last version is the one with the diagnosis.
    await daemon.diagnosis.idle();
    await waitUntil(
      'the issue in Chroma',
      async () => (await inChroma()) === 1 && daemon.vectorStore.pendingWrites() === 0,
      60_000,
    );
    const issue = daemon.tracker.get(1);
    const record = issueRecord(issue);
    // The text that was embedded is the issue's document, and the embedding is the model's (the Ollama-API server's) answer.
    const embedded = rig.ollama.requests
      .filter((r) => r.path === '/api/embed')
      .flatMap((r) => (r.body as { input: string[] }).input);
    expect(embedded).toContain(record.document);
    // Chroma's server answers a query only once its index segment is on disk, a moment after the write.
    const hits = await waitUntil(
      'a search to answer',
      async () => {
        try {
          return await daemon.issueIndex.search(record.document, { nResults: 1 });
        } catch {
          return undefined;
        }
      },
      60_000,
    );
    const [hit] = hits;
    expect(hit).toMatchObject({
      id: 'issue-1',
      metadata: { issueId: 1, host: 'files', rule: 'failed-unit', status: 'investigating' },
    });
    expect(hit!.distance).toBeCloseTo(0, 5);
    expect(hashVector(record.document, 16)).toHaveLength(16);
  });

  it('Chroma killed during cycles: the tracker goes on, and after the restart Chroma holds every issue', async () => {
    await chroma.kill();
    units.fail('nginx.service', 'backup.service');
    await daemon.checkNow();
    units.fail('nginx.service', 'backup.service', 'restic.service');
    await daemon.checkNow();
    expect(daemon.tracker.active().map((i) => i.subject)).toEqual([
      'nginx.service',
      'backup.service',
      'restic.service',
    ]);
    await waitUntil('chromadb down in status', async () =>
      (await daemon.status()).dependencies.some((d) => d.name === 'chromadb' && d.state === 'down'),
    );
    expect(daemon.vectorStore.pendingWrites()).toBeGreaterThan(0);

    await chroma.restart();
    await waitUntil(
      'every issue in Chroma',
      async () => (await inChroma()) === 3 && daemon.vectorStore.pendingWrites() === 0,
      60_000,
    );
    const records = await daemon.vectorStore.get(ISSUES_COLLECTION, ['issue-1', 'issue-2', 'issue-3']);
    expect(records.map((r) => r.metadata.subject).sort()).toEqual([
      'backup.service',
      'nginx.service',
      'restic.service',
    ]);
    expect(daemon.monitor.state('chromadb')).toBe('up');
  });

  it('with Ollama away, writes wait in the buffer; once it is back the embeddings are filled in', async () => {
    await rig.ollama.stop();
    units.fail('nginx.service', 'backup.service', 'restic.service', 'cups.service');
    await daemon.checkNow();
    expect(daemon.tracker.get(4).subject).toBe('cups.service');
    await waitUntil('embeddings to be reported down', () => daemon.monitor.state('embeddings') === 'down', 60_000);
    expect(await inChroma()).toBe(3);
    await rig.ollama.restart();
    await waitUntil('issue 4 in Chroma', async () => (await inChroma()) === 4, 90_000);
  });
});
