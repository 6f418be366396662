/**
 * The durable outbox against the Gotify receiver (really stopped and started) and a webhook
 * receiver: order, retries while down, exactly one delivery per message, the one repeat a crash
 * between send and mark can cause, token files read at send time, and Markdown that only ever
 * carries the daemon's own text.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Issue, parseConfig } from '@ai-sysadmin/core';
import {
  GotifyNotifier,
  type Notifier,
  Outbox,
  type OutgoingMessage,
  WebhookNotifier,
  planMessages,
} from '@ai-sysadmin/orchestrator';
import { RestartableHttpServer, sendJson } from '../rig/http-server.js';
import { type GotifyReceiver, startGotify, tempDir, waitUntil } from '../rig/index.js';
import { type UnitHost, daemonConfig, gotifyConfig, startDaemon, startUnitHost } from '../helpers/daemon-rig.js';
import { quietLogger } from '../helpers/llm-queue-rig.js';

let gotify: GotifyReceiver;
let units: UnitHost;

beforeAll(async () => {
  [gotify, units] = await Promise.all([startGotify(), startUnitHost('mail')]);
});
afterAll(async () => {
  await gotify?.stop();
  await units?.host.stop();
});

const draft = (n: number) => ({
  title: `test: message ${n}`,
  message: `body ${n}`,
  priority: 5,
  markdown: false,
  host: null,
  kind: 'notify' as const,
  issueIds: [],
});
const fast = { initialMs: 30, maxMs: 200 };

describe('outbox', { timeout: 180_000 }, () => {
  it('Gotify down for three cycles, then up: every message delivered once, in order', async () => {
    gotify.messages.length = 0;
    const config = await daemonConfig({ hosts: [units.host], gotify: gotifyConfig(gotify), autonomyLevel: 'observe' });
    const { daemon, api } = await startDaemon(config);
    try {
      await gotify.kill();
      const unitsPerCycle = [['a.service'], ['a.service', 'b.service'], ['a.service', 'b.service', 'c.service']];
      for (const [i, failed] of unitsPerCycle.entries()) {
        units.fail(...failed);
        await daemon.checkNow();
        await api.json('POST', '/v1/notify', { title: `between cycles ${i + 1}`, message: `note ${i + 1}` });
      }
      expect(daemon.outbox.depth()).toBe(6);
      expect((await daemon.status()).outbox[0]).toMatchObject({
        target: 'gotify',
        depth: 6,
        lastError: expect.stringContaining('is not reachable'),
      });
      await gotify.restart();
      await waitUntil('all six to arrive', () => gotify.messages.length >= 6 && daemon.outbox.depth() === 0);
      await new Promise((r) => setTimeout(r, 300));
      expect(gotify.messages.map((m) => m.title.replace(`${config.aiName}: `, ''))).toEqual([
        'mail: a.service failed on mail (Stand-in unit a.service)',
        'between cycles 1',
        'mail: b.service failed on mail (Stand-in unit b.service)',
        'between cycles 2',
        'mail: c.service failed on mail (Stand-in unit c.service)',
        'between cycles 3',
      ]);
      // The person's own text is plain, the daemon's is Markdown.
      expect(gotify.messages[1]!.extras).toEqual({ 'client::display': { contentType: 'text/plain' } });
      expect(daemon.monitor.state('gotify')).toBe('up');
    } finally {
      await daemon.stop();
      units.heal();
    }
  });

  it("a crash between the receiver's answer and the mark repeats only the message in flight", async () => {
    gotify.messages.length = 0;
    const dir = tempDir('outbox');
    const tokenFile = join(tempDir('token'), 'token');
    writeFileSync(tokenFile, gotify.token);
    const real = new GotifyNotifier({ url: gotify.url, tokenFile });
    // Delivers message 3, then "crashes": the promise never settles, so 3 is never marked sent.
    let crashed = false;
    const crashing: Notifier = {
      name: 'gotify',
      destination: gotify.url,
      send: async (m: OutgoingMessage, signal?: AbortSignal) => {
        await real.send(m, signal);
        if (m.seq === 3) {
          crashed = true;
          await new Promise(() => undefined);
        }
      },
    };
    const first = new Outbox({ dir, notifiers: [crashing], logger: quietLogger(), retry: fast });
    first.start();
    for (let i = 1; i <= 5; i++) first.enqueue(draft(i));
    await waitUntil('message 3 to be sent', () => crashed);
    // The process is gone: nothing of the first outbox runs any more. A new one starts on the same files.
    void first.stop(0);
    const second = new Outbox({ dir, notifiers: [real], logger: quietLogger(), retry: fast });
    second.start();
    await waitUntil('the rest', () => second.depth() === 0);
    await second.stop(0);
    expect(gotify.messages.map((m) => m.title)).toEqual([
      'test: message 1',
      'test: message 2',
      'test: message 3',
      'test: message 3',
      'test: message 4',
      'test: message 5',
    ]);

    // Restarted once more, it sends nothing again.
    const third = new Outbox({ dir, notifiers: [real], logger: quietLogger(), retry: fast });
    third.start();
    third.enqueue(draft(6));
    await waitUntil('message 6', () => third.depth() === 0);
    await third.stop(0);
    expect(gotify.messages.map((m) => m.title).slice(-2)).toEqual(['test: message 5', 'test: message 6']);
  });

  it('reads the token file at send time: a wrong token is retried, and fixing the file is enough', async () => {
    gotify.messages.length = 0;
    const tokenFile = join(tempDir('token'), 'token');
    writeFileSync(tokenFile, 'wrong-token\n');
    const outbox = new Outbox({
      dir: tempDir('outbox'),
      notifiers: [new GotifyNotifier({ url: gotify.url, tokenFile })],
      logger: quietLogger(),
      retry: fast,
    });
    outbox.start();
    outbox.enqueue(draft(1));
    await waitUntil('a refused attempt', () => outbox.status()[0]!.lastError !== null);
    expect(outbox.status()[0]!.lastError).toContain('refused the token (401');
    expect(outbox.status()[0]!.lastError).not.toContain('wrong-token');
    writeFileSync(tokenFile, `${gotify.token}\n`);
    await waitUntil('delivery', () => outbox.depth() === 0);
    await outbox.stop(0);
    expect(gotify.messages.map((m) => m.title)).toEqual(['test: message 1']);
  });

  it('a message a receiver refuses for good is set aside, and the next one goes on', async () => {
    const received: unknown[] = [];
    let calls = 0;
    const hook = new RestartableHttpServer((request, response, body) => {
      calls++;
      if (calls === 1) return sendJson(response, 400, { error: 'bad payload' });
      received.push({ auth: request.headers.authorization, body: JSON.parse(body.toString()) });
      return sendJson(response, 200, {});
    });
    await hook.start();
    try {
      const tokenFile = join(tempDir('token'), 'token');
      writeFileSync(tokenFile, 's3cret\n');
      const outbox = new Outbox({
        dir: tempDir('outbox'),
        notifiers: [new WebhookNotifier({ url: `${hook.url}/hook`, tokenFile }, 'gwen')],
        logger: quietLogger(),
        retry: fast,
      });
      outbox.start();
      outbox.enqueue(draft(1));
      outbox.enqueue(draft(2));
      await waitUntil('both handled', () => outbox.depth() === 0);
      await outbox.stop(0);
      expect(outbox.status()[0]).toMatchObject({ sent: 1, failed: 1 });
      expect(received).toEqual([
        {
          auth: 'Bearer s3cret',
          body: expect.objectContaining({
            ai: 'gwen',
            seq: 2,
            title: 'test: message 2',
            message: 'body 2',
            priority: 5,
            format: 'text',
          }),
        },
      ]);
    } finally {
      await hook.stop();
    }
  });

  it('escapes text from outside inside Markdown, so a unit description cannot load an image or fake a link', () => {
    const hostile = 'x.service failed on web1 (![pwn](http://203.0.113.9/p.png) [click](http://x) **urgent**)';
    const issue = {
      id: 7,
      host: 'web1',
      title: hostile,
      severity: 'critical',
      status: 'open',
      firstSeen: '',
      diagnosis: null,
      notifications: { lastAt: null, severity: null },
    } as unknown as Issue;
    const plan = planMessages({
      aiName: 'gwen',
      notifications: parseConfig({}).notifications,
      changes: [{ kind: 'opened', issue }],
      active: [],
      now: new Date(),
    });
    const [message] = plan.drafts;
    expect(message!.markdown).toBe(true);
    expect(message!.message).not.toMatch(/!\[|\]\(|\*\*urgent/);
    expect(message!.message).toContain('\\!\\[pwn\\]\\(http\\:');
    expect(message!.priority).toBe(8);
  });
  it('announces a part it could not read only once a second check sees it too; a failed unit at once', () => {
    const issueOf = (over: Partial<Issue>) =>
      ({
        host: 'web1',
        severity: 'warning',
        status: 'open',
        firstSeen: '',
        diagnosis: null,
        notifications: { lastAt: null, severity: null },
        ...over,
      }) as unknown as Issue;
    const plan = (changes: { kind: 'opened' | 'seen'; issue: Issue }[]) =>
      planMessages({
        aiName: 'gwen',
        notifications: parseConfig({}).notifications,
        changes,
        active: [],
        now: new Date(),
      });
    const unreadable = {
      id: 3,
      rule: 'part-failed',
      title: 'could not read the CPU counters on web1: cpu did not finish within 5 s',
    };
    expect(plan([{ kind: 'opened', issue: issueOf({ ...unreadable, occurrences: 1 }) }]).drafts).toEqual([]);
    const confirmed = plan([{ kind: 'seen', issue: issueOf({ ...unreadable, occurrences: 2 }) }]);
    expect(confirmed.notified).toEqual([3]);
    expect(confirmed.drafts[0]!.message).toMatch(/^- \*\*warning\*\* new: #3 could not read the CPU counters/);
    // Once announced it is not announced again on every check.
    const announced = issueOf({
      ...unreadable,
      occurrences: 3,
      notifications: { lastAt: new Date().toISOString(), severity: 'warning' },
    });
    expect(plan([{ kind: 'seen', issue: announced }]).drafts).toEqual([]);
    const unit = issueOf({ id: 4, rule: 'failed-unit', title: 'nginx.service failed on web1', occurrences: 1 });
    expect(plan([{ kind: 'opened', issue: unit }]).notified).toEqual([4]);
  });
});
