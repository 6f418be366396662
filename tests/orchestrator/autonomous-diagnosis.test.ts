/**
 * The spine, end to end through the daemon with the real agent, Redis, the LLM worker, the
 * Chroma server, a managed sshd host and the scripted Ollama-API server playing the model: a
 * failed unit -> the model calls check_service and view_logs -> proposes restart_service -> at
 * auto-safe it runs and holds -> the issue resolves -> one lesson in Chroma's `knowledge` -> the
 * same failure again: the model's request carries that lesson. And notifyWaitSec: with a slow
 * model the first Gotify message goes out without the diagnosis, which `issues show` has later.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config, Issue, KnowledgeEntry } from '@ai-sysadmin/core';
import { type LlmWorker, startLlmWorker } from '@ai-sysadmin/worker';
import { type Daemon, KNOWLEDGE_COLLECTION } from '@ai-sysadmin/orchestrator';
import {
  type ChromaServer,
  type GotifyReceiver,
  type OllamaChatRequest,
  startChroma,
  startGotify,
  waitUntil,
} from '../rig/index.js';
import { type QueueRig, quietLogger, startQueueRig } from '../helpers/llm-queue-rig.js';
import { type UnitHost, agentDaemonConfig, gotifyConfig, startDaemon, startUnitHost } from '../helpers/daemon-rig.js';
import type { SocketClient } from '../helpers/socket-client.js';

let chroma: ChromaServer;
let rig: QueueRig;
let units: UnitHost;
let gotify: GotifyReceiver;
let worker: LlmWorker;
let daemon: Daemon;
let api: SocketClient;
let config: Config;

const DIAGNOSIS = 'nginx.service on web1 had exited; restarting it brought it back (active).';
const toolsSoFar = (r: OllamaChatRequest) => r.messages.filter((m) => m.role === 'tool').length;
/** This machine may have issues of its own (another run's full disk on the shared box): the script is about one unit. */
const diagnosisOf = (unit: string) => (r: OllamaChatRequest) =>
  r.messages.some((m) => m.role === 'user' && m.content.startsWith('Diagnose') && m.content.includes(unit));
const aboutNginx = diagnosisOf('nginx.service');

/** Words hashed into buckets: texts that share words are near, as with a real embedding model. */
function wordVector(text: string): number[] {
  const v = new Array<number>(64).fill(0);
  for (const word of text.toLowerCase().match(/[a-z0-9.]+/g) ?? []) {
    let h = 0;
    for (const c of word) h = (h * 31 + c.charCodeAt(0)) >>> 0;
    v[h % 64]! += 1;
  }
  const norm = Math.sqrt(v.reduce((s, x) => s + x * x, 0)) || 1;
  return v.map((x) => x / norm);
}

beforeAll(async () => {
  [chroma, rig, units, gotify] = await Promise.all([
    startChroma(),
    startQueueRig(),
    startUnitHost('web1'),
    startGotify(),
  ]);
  rig.ollama.onEmbed((texts) => texts.map(wordVector));
  rig.ollama.onChat((request) => {
    if (!aboutNginx(request)) return { content: 'nothing to do here' };
    const done = toolsSoFar(request);
    if (done === 0)
      return {
        toolCalls: [
          { name: 'check_service', arguments: { host: 'web1', unit: 'nginx.service' } },
          { name: 'view_logs', arguments: { host: 'web1', unit: 'nginx.service', lines: 50 } },
        ],
      };
    if (done === 2)
      return {
        toolCalls: [
          {
            name: 'restart_service',
            arguments: { host: 'web1', unit: 'nginx.service', reason: 'it exited; a restart brings it back' },
          },
        ],
      };
    return { content: DIAGNOSIS };
  });
  config = await agentDaemonConfig(rig, {
    hosts: [units.host],
    autonomyLevel: 'auto-safe',
    chromaUrl: chroma.url,
    gotify: gotifyConfig(gotify),
  });
  worker = await startLlmWorker(config, { logger: quietLogger() });
  // SIGHUP's reload, as the second test uses it: the same config with notifyWaitSec 1.
  const reloaded = { ...config, agent: { ...config.agent, notifyWaitSec: 1 } };
  ({ daemon, api } = await startDaemon(config, {
    reload: () => ({ config: reloaded, source: 'test', envOverrides: [] }),
  }));
  // The probes have seen Ollama and the worker up, so the agent is asked.
  await waitUntil('the model to be reachable', async () => (await daemon.status()).agent?.available === true);
  // Unrelated knowledge, so that the lesson has to be found by what it says.
  for (const [topic, content] of [
    ['restic backups', 'restic needs the repository password file under /run/secrets'],
    ['gpu fans', 'the GPU box ramps its fans above 80 C'],
    ['nix store', 'nix-collect-garbage -d frees the store once a month'],
    ['dns', 'unbound on the router answers for *.lan'],
  ])
    await daemon.knowledge.storeKnowledge({ topic: topic!, content: content!, category: 'fact', source: 'user' });
});
afterAll(async () => {
  await daemon?.stop();
  await worker?.close({ graceMs: 0 });
  await Promise.all([chroma?.stop(), rig?.stop(), units?.host.stop(), gotify?.stop()]);
});

describe('autonomous diagnosis', { timeout: 300_000 }, () => {
  it('the spine: diagnose, restart at auto-safe, hold, resolve, learn; the lesson is in the next prompt', async () => {
    units.fail('nginx.service');
    await daemon.checkNow();
    const issue = daemon.tracker.all().find((i) => i.subject === 'nginx.service');
    expect(issue).toMatchObject({ host: 'web1', rule: 'failed-unit', subject: 'nginx.service' });
    // The cycle waited for the diagnosis (well within notifyWaitSec), so it is on the issue and in the message.
    const diagnosed = daemon.tracker.get(issue!.id);
    expect(diagnosed.diagnosis).toMatchObject({ text: DIAGNOSIS, by: 'agent' });
    expect(diagnosed.status).toBe('investigating');
    const tools = rig.ollama
      .chatRequests()
      .filter(aboutNginx)
      .flatMap((r) => r.messages.flatMap((m) => m.tool_calls ?? []).map((c) => c.function.name));
    expect(new Set(tools)).toEqual(new Set(['check_service', 'view_logs', 'restart_service']));
    // The restart ran once (the agent's; the rule-based restart left the issue to it) and held.
    expect(units.restarts('nginx.service')).toBe(1);
    // It ran at once (auto-safe, low risk), so the audit log has its trail: the issue as origin, the run, the check that held.
    const audit = daemon.executor().audit;
    const [proposal] = audit.find({ type: 'proposal', argvIncludes: ['restart', 'nginx.service'] });
    // Its origin is the run's issues of web1 (the first by id; this machine may have others of its own).
    expect(proposal!.request).toMatchObject({ kind: 'issue', text: expect.stringContaining(`issue #${issue!.id} `) });
    const checks = audit.find({ type: 'verification', ref: proposal!.ref });
    expect(checks.map((c) => c.verification.held)).toEqual([true]);
    const first = await waitUntil('the first message about web1', () =>
      gotify.messages.find((m) => m.title.includes('web1')),
    );
    expect(first.message).toContain('restarting it brought it back');

    // Two clean checks resolve it; the lesson goes to Chroma's knowledge.
    await daemon.checkNow();
    await daemon.checkNow();
    expect(daemon.tracker.get(issue!.id).status).toBe('resolved');
    const lessons = await waitUntil(
      'one lesson in Chroma',
      async () => {
        const records = await daemon.vectorStore
          .list(KNOWLEDGE_COLLECTION, { where: { category: 'lesson' } })
          .catch(() => []);
        return records.length === 1 ? records : undefined;
      },
      60_000,
    );
    expect(lessons[0]!.metadata).toMatchObject({ category: 'lesson', source: 'agent', issueId: issue!.id });
    expect(lessons[0]!.document).toContain('systemctl restart nginx.service');
    const listed = await api.json<{ entries: KnowledgeEntry[] }>('GET', '/v1/knowledge?category=lesson');
    expect(listed.entries).toHaveLength(1);

    // The same failure again: the request to the model carries the lesson and the earlier resolution.
    const before = rig.ollama.chatRequests().length;
    units.fail('nginx.service');
    await daemon.checkNow();
    const again = rig.ollama.chatRequests().slice(before).filter(aboutNginx);
    expect(again.length).toBeGreaterThan(0);
    const prompt = JSON.stringify(again[0]!.messages);
    expect(prompt).toContain('What fixed it: `systemctl restart nginx.service`');
    expect(prompt).toContain('fixed by `systemctl restart nginx.service` on web1');
    expect(listed.entries[0]!.id).toBe(`lesson-${issue!.id}-${proposal!.ref}`);
  });

  it('notifyWaitSec: with a slow model the first message goes out without waiting for it; issues show has the diagnosis later', async () => {
    const slow = { content: 'backup.service failed because /srv was not mounted.', delayMs: 4000 };
    rig.ollama.onChat((request) => (diagnosisOf('backup.service')(request) ? slow : { content: 'ok' }));
    expect(daemon.reload()).toBe(true);
    expect(daemon.config().agent.notifyWaitSec).toBe(1);
    const sent = gotify.messages.length;
    units.fail('backup.service');
    await daemon.checkNow();
    const issue = daemon.tracker.all().find((i) => i.subject === 'backup.service')!;
    await waitUntil('the first message about it', () =>
      gotify.messages.slice(sent).some((m) => m.message.includes('backup.service')),
    );
    const message = gotify.messages.slice(sent).find((m) => m.message.includes('backup.service'))!;
    expect(message.message).not.toContain('/srv was not mounted');
    expect(daemon.tracker.get(issue.id).diagnosis).toBeNull();
    const shown = await waitUntil(
      'the diagnosis on the issue',
      async () => {
        const { issue: i } = await api.json<{ issue: Issue }>('GET', `/v1/issues/${issue.id}`);
        return i.diagnosis ? i : undefined;
      },
      60_000,
    );
    expect(shown.diagnosis!.text).toBe(slow.content);
  });
});
