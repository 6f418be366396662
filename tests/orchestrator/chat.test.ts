/**
 * Chat over the daemon's socket with the real agent, Redis, the LLM worker and the scripted
 * Ollama-API server playing the model: tokens stream as the model writes them, a tool call's
 * events name the tool, the host and how long it took, a cancel (or the client hanging up) stops
 * the queue job, a discussion is seeded with the pending action, and a daemon restart keeps a
 * session's history, which goes back to the model with the next message.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatEvent, ChatSessionSummary, ChatSessionView, Config, StatusResponse } from '@ai-sysadmin/core';
import { LlmQueueClient, type LlmWorker, startLlmWorker } from '@ai-sysadmin/worker';
import type { Daemon } from '@ai-sysadmin/orchestrator';
import { type OllamaChatRequest, waitUntil } from '../rig/index.js';
import { type QueueRig, quietLogger, startQueueRig } from '../helpers/llm-queue-rig.js';
import { type UnitHost, agentDaemonConfig, startDaemon, startUnitHost } from '../helpers/daemon-rig.js';
import { type SocketClient, raw } from '../helpers/socket-client.js';
import { chatStream } from '../helpers/chat-stream.js';

let rig: QueueRig;
let units: UnitHost;
let worker: LlmWorker;
let daemon: Daemon;
let api: SocketClient;
let config: Config;
let queue: LlmQueueClient;

const lastUser = (r: OllamaChatRequest) => [...r.messages].reverse().find((m) => m.role === 'user')?.content ?? '';
const toolResults = (r: OllamaChatRequest) => r.messages.filter((m) => m.role === 'tool').length;

beforeAll(async () => {
  [rig, units] = await Promise.all([startQueueRig(), startUnitHost('chathost')]);
  rig.ollama.onChat((request) => {
    const said = lastUser(request);
    if (said.includes('long answer'))
      return { chunks: Array.from({ length: 300 }, (_, i) => `w${i} `), chunkDelayMs: 20 };
    if (said.includes('check nginx') && toolResults(request) === 0)
      return { toolCalls: [{ name: 'check_service', arguments: { host: 'chathost', unit: 'nginx.service' } }] };
    if (said.includes('check nginx')) return { content: 'nginx.service is failed on chathost.' };
    if (said.includes('my name')) return { content: 'You are Ada.' };
    return { chunks: ['Disks ', 'look ', 'fine.'], chunkDelayMs: 40 };
  });
  config = await agentDaemonConfig(rig, { hosts: [units.host], autonomyLevel: 'suggest' });
  worker = await startLlmWorker(config, { logger: quietLogger() });
  queue = new LlmQueueClient(config, { logger: quietLogger() });
  ({ daemon, api } = await startDaemon(config));
});
afterAll(async () => {
  await daemon?.stop();
  await queue?.close();
  await worker?.close({ graceMs: 0 });
  await Promise.all([rig?.stop(), units?.host.stop()]);
});

const types = (events: { event: ChatEvent }[]) => events.map((e) => e.event.type);

describe('chat over the socket', { timeout: 240_000 }, () => {
  it('streams the tokens as the model writes them, then done with the answer', async () => {
    const session = randomUUID();
    const stream = chatStream(config.api.socket, '/v1/chat', { session, message: 'how are the disks?' });
    const events = await stream.done;
    expect(await stream.status()).toBe(200);
    expect(events[0]!.event).toMatchObject({ type: 'session', session, aiName: config.aiName, model: config.model });
    const tokens = events.filter((e) => e.event.type === 'token');
    expect(tokens.map((e) => (e.event as { text: string }).text).join('')).toBe('Disks look fine.');
    expect(tokens.length).toBe(3);
    // Streamed, not buffered: the first token came before the model had written the last one.
    const last = events.at(-1)!;
    expect(last.event).toMatchObject({ type: 'done', answer: 'Disks look fine.' });
    expect(last.at - tokens[0]!.at).toBeGreaterThan(0);
    expect(types(events).filter((t) => t === 'done' || t === 'error')).toEqual(['done']);
    // ChromaDB is absent here: the prompt says the knowledge base is unavailable, and the answer came anyway.
    const sent = rig.ollama.chatRequests().find((r) => lastUser(r) === 'how are the disks?')!;
    expect(sent.messages[0]!.content).toContain('the knowledge base is unavailable');
  });

  it('a tool call: tool-started and tool-finished name the tool and the host, with the duration', async () => {
    const events = await chatStream(config.api.socket, '/v1/chat', {
      session: randomUUID(),
      message: 'check nginx on chathost',
    }).done;
    const started = events.find((e) => e.event.type === 'tool-started')?.event;
    const finished = events.find((e) => e.event.type === 'tool-finished')?.event;
    expect(started).toMatchObject({ tool: 'check_service', host: 'chathost', args: { unit: 'nginx.service' } });
    expect(finished).toMatchObject({ tool: 'check_service', host: 'chathost', durationMs: expect.any(Number) });
    expect(types(events).indexOf('tool-started')).toBeLessThan(types(events).indexOf('tool-finished'));
    expect(events.at(-1)!.event).toMatchObject({ type: 'done', answer: 'nginx.service is failed on chathost.' });
    // The model's second request carried what the tool found.
    const second = rig.ollama.chatRequests().filter((r) => lastUser(r).includes('check nginx'))[1]!;
    expect(second.messages.some((m) => m.role === 'tool')).toBe(true);
    expect(units.host.calls('systemctl').length).toBeGreaterThan(0);
  });

  it('cancel stops the answer and its queue job; the worker is free for the next question', async () => {
    const session = randomUUID();
    const stream = chatStream(config.api.socket, '/v1/chat', { session, message: 'a long answer please' });
    await stream.until((e) => e.type === 'token');
    const busy = await raw(config.api.socket, 'POST', '/v1/chat', JSON.stringify({ session, message: 'again' }));
    expect(busy.status).toBe(409);
    const cancelled = await api.json<{ cancelled: boolean }>('POST', `/v1/chat/sessions/${session}/cancel`);
    expect(cancelled.cancelled).toBe(true);
    const events = await stream.done;
    expect(events.at(-1)!.event).toMatchObject({ type: 'error', code: 'cancelled' });
    const tokens = events.filter((e) => e.event.type === 'token').length;
    expect(tokens).toBeLessThan(300);
    // The job is no longer running on the worker: nothing active, and the next question is answered.
    await waitUntil('no active job', async () => (await queue.counts()).active === 0);
    const next = await chatStream(config.api.socket, '/v1/ask', { question: 'how are the disks?' }).done;
    expect(next.at(-1)!.event).toMatchObject({ type: 'done', answer: 'Disks look fine.' });
    // The session keeps the turn and what stopped it.
    const { session: view } = await api.json<{ session: ChatSessionView }>('GET', `/v1/chat/sessions/${session}`);
    expect(view.turns.map((t) => t.role)).toEqual(['user', 'assistant']);
    expect(view.turns[1]!.text).toContain('cancelled');
  });

  it('the client hanging up stops the answer too', async () => {
    const session = randomUUID();
    const stream = chatStream(config.api.socket, '/v1/chat', { session, message: 'another long answer' });
    await stream.until((e) => e.type === 'token');
    stream.close();
    await waitUntil('the session to be free', async () => {
      const res = await api.json<{ answering: boolean }>('GET', `/v1/chat/sessions/${session}`);
      return !res.answering;
    });
    await waitUntil('no active job', async () => (await queue.counts()).active === 0);
  });

  it('a daemon restart keeps the history, and the next message sends it to the model', async () => {
    const session = randomUUID();
    await chatStream(config.api.socket, '/v1/chat', { session, message: 'I am Ada. How are the disks?' }).done;
    await daemon.stop();
    ({ daemon, api } = await startDaemon(config));
    const { sessions } = await api.json<{ sessions: ChatSessionSummary[] }>('GET', '/v1/chat/sessions');
    expect(sessions.find((s) => s.session === session)).toMatchObject({
      turns: 2,
      firstMessage: 'I am Ada. How are the disks?',
    });
    const events = await chatStream(config.api.socket, '/v1/chat', { session, message: 'what is my name?' }).done;
    expect(events.at(-1)!.event).toMatchObject({ type: 'done', answer: 'You are Ada.' });
    const request = rig.ollama.chatRequests().find((r) => lastUser(r) === 'what is my name?')!;
    const contents = request.messages.map((m) => m.content);
    expect(contents).toContain('I am Ada. How are the disks?');
    expect(contents).toContain('Disks look fine.');
    const { session: view } = await api.json<{ session: ChatSessionView }>('GET', `/v1/chat/sessions/${session}`);
    expect(view.turns.map((t) => t.text)).toEqual([
      'I am Ada. How are the disks?',
      'Disks look fine.',
      'what is my name?',
      'You are Ada.',
    ]);
    expect((await raw(config.api.socket, 'GET', '/v1/chat/sessions/no-such-session')).status).toBe(404);
  });

  it('approve discuss N: a session about the pending action, whose turns are kept on the action', async () => {
    const outcome = await daemon.executor().propose({
      host: 'chathost',
      argv: ['systemctl', 'restart', 'cups.service'],
      sudo: true,
      reason: 'cups keeps failing',
      requestedBy: { kind: 'user', text: 'restart cups', user: 'ada' },
    });
    const id = outcome.action!.id;
    expect(outcome.status).toBe('pending');
    const opened = await api.json<{ session: ChatSessionView }>('POST', `/v1/approvals/${id}/discuss`, {});
    expect(opened.session.actionId).toBe(id);
    const events = await chatStream(config.api.socket, '/v1/chat', {
      session: opened.session.session,
      message: 'why restart cups?',
    }).done;
    expect(events.at(-1)!.event.type).toBe('done');
    const request = rig.ollama.chatRequests().find((r) => lastUser(r) === 'why restart cups?')!;
    expect(JSON.stringify(request.messages)).toContain('cups keeps failing');
    expect(
      daemon
        .executor()
        .get(id)
        .discussion.map((m) => m.role),
    ).toEqual(['user', 'assistant']);
    expect((await raw(config.api.socket, 'POST', '/v1/approvals/999/discuss', '{}')).status).toBe(404);
  });

  it('status shows the model and its capability check; the decisions log is served', async () => {
    const status = await waitUntil('the capability check', async () => {
      const s = await api.json<StatusResponse>('GET', '/v1/status');
      return s.agent?.capability ? s : undefined;
    });
    expect(status.agent).toMatchObject({ model: config.model, available: true, capability: { ok: true } });
    const logs = await api.json<{ entries: Array<{ mode?: string }> }>('GET', '/v1/logs?source=decisions&lines=50');
    expect(logs.entries.length).toBeGreaterThan(0);
    expect(logs.entries.some((e) => e.mode === 'chat')).toBe(true);
  });
});
