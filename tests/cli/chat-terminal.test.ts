/**
 * chat, ask and approve discuss in a real terminal (tmux) and through pipes, against a daemon
 * with a real Redis, the LLM worker and a scripted Ollama: a question about disk usage gets a
 * streamed answer and its tool-call line, Ctrl-C mid-answer stops it and the prompt comes back,
 * /history shows the turn and a second chat sees it, NO_COLOR and TERM=dumb write no escape codes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Config } from '@ai-sysadmin/core';
import type { Daemon } from '@ai-sysadmin/orchestrator';
import { OUTPUT_SCHEMAS } from '@ai-sysadmin/cli';
import type { OllamaChatRequest } from '../rig/index.js';
import { ensureBuilt } from '../helpers/build.js';
import { daemonConfig, startDaemon } from '../helpers/daemon-rig.js';
import { writeConfigFile } from '../helpers/daemon-process.js';
import { type QueueRig, startQueue, startQueueRig } from '../helpers/llm-queue-rig.js';
import { ESCAPE, Tmux, runCliAsync, shellQuote } from '../helpers/cli-process.js';
import { BIN } from '../helpers/daemon-process.js';
import { tempDir } from '../rig/index.js';

let rig: QueueRig;
let config: Config;
let configPath: string;
let daemon: Daemon;
let queue: Awaited<ReturnType<typeof startQueue>>;
const terminals: Tmux[] = [];

const DISK_ANSWER = 'The **root filesystem** is the fullest one; nothing needs doing about it now.';
const DISCUSS_ANSWER = 'Because nginx answers 502; a restart is the usual fix and it is low impact.';
const LONG_ANSWER = Array.from({ length: 80 }, (_, i) => `word${i}`).join(' ');

/** The scripted model: a disk question gets a tool call, then an answer; "story" a slow long answer. */
function script(request: OllamaChatRequest) {
  const last = request.messages.at(-1)!;
  const lastUser = [...request.messages].reverse().find((m) => m.role === 'user')?.content ?? '';
  if (!request.tools?.length) return { content: 'ok' };
  if (/story/i.test(lastUser)) return { content: LONG_ANSWER, chunkDelayMs: 250 };
  if (/why restart/i.test(lastUser)) return { content: DISCUSS_ANSWER };
  if (/restart nginx/i.test(lastUser) && last.role !== 'tool')
    return {
      content: '',
      toolCalls: [
        { name: 'restart_service', arguments: { host: 'local', unit: 'nginx.service', reason: 'nginx answers 502' } },
      ],
    };
  if (/restart nginx/i.test(lastUser)) return { content: 'I asked for the restart; it waits for your approval.' };
  if (/disk/i.test(lastUser) && last.role !== 'tool')
    return { content: '', toolCalls: [{ name: 'check_disk_usage', arguments: { host: 'local' } }] };
  return { content: DISK_ANSWER, chunkDelayMs: 30 };
}

beforeAll(async () => {
  ensureBuilt();
  rig = await startQueueRig();
  rig.ollama.onChat(script);
  // At suggest every action waits for a person: nothing proposed here ever runs on this machine.
  config = await daemonConfig({
    redisUrl: rig.redis.url,
    ollamaHost: rig.ollama.url,
    model: 'qwen3:8b',
    autonomyLevel: 'suggest',
  });
  configPath = writeConfigFile(config);
  ({ daemon } = await startDaemon(config));
  queue = await startQueue(config);
}, 120_000);
afterAll(async () => {
  for (const t of terminals) t.close();
  await queue?.close();
  await daemon?.stop();
  await rig?.stop();
});

function chatTerminal(env: Record<string, string> = {}): Tmux {
  const t = new Tmux(`${shellQuote(process.execPath)} ${shellQuote(BIN)} chat --config ${shellQuote(configPath)}`, {
    TERM: 'xterm-256color',
    XDG_STATE_HOME: historyHome,
    ...env,
  });
  terminals.push(t);
  return t;
}
let historyHome = '';

describe('chat in a terminal', { timeout: 240_000 }, () => {
  it('streams the answer with the tool call line; Ctrl-C stops an answer and the prompt comes back; /history; a second chat sees it', async () => {
    historyHome = tempDir('chat-history');
    const t = chatTerminal();
    await t.waitFor(`${config.aiName} `);
    await t.waitFor('you>');
    t.type('how is the disk usage on this machine?');
    await t.waitFor('nothing needs doing about it now', 60_000);
    const answered = await t.waitFor(/nothing needs doing about it now\. *\n+you>/);
    expect(answered).toMatch(/check_disk_usage on local \(\d+(\.\d+)? m?s\)/);
    // Drawn again from Markdown once complete: bold, without the asterisks.
    expect(answered).toContain('The root filesystem is the fullest one');
    expect(answered).not.toContain('**');

    t.type('tell me a long story');
    await t.waitFor('word3', 60_000);
    t.send('C-c');
    const stopped = await t.waitFor('(stopped)', 30_000);
    expect(stopped).not.toContain('word79');
    await t.waitFor(/\(stopped\)\s*\n.*you>/);

    t.type('/history');
    const history = await t.waitFor(/you \(\d+s ago\): how is the disk usage/);
    expect(history).toMatch(/assistant \(\d+s ago\): .*root filesystem/);

    t.type('/debug');
    const debug = await t.waitFor(/queue: \d+ waiting/);
    expect(debug).toMatch(/Ollama: up/);
    expect(debug).toContain('qwen3:8b');

    t.send('C-d');
    await t.waitFor('[exit 0]');

    // A second session: the earlier conversation is in /history, and the line history has the questions (Up).
    const second = chatTerminal();
    await second.waitFor('you>');
    second.type('/history');
    await second.waitFor(/earlier conversations:\n\s+\S+\s+\d+s ago, \d+ turns: how is the disk usage/);
    // Newest first: this session's /history, then the first session's /debug, /history, the story.
    for (let i = 0; i < 3; i++) second.send('Up');
    await second.waitFor(/you> tell me a long story\s*$/m);
    second.send('C-u');
    second.type('/exit');
    await second.waitFor('[exit 0]');
  });

  it('NO_COLOR and TERM=dumb: no escape codes even in a terminal; otherwise colours', async () => {
    for (const env of [{ NO_COLOR: '1' }, { TERM: 'dumb' }] as Record<string, string>[]) {
      const t = chatTerminal(env);
      await t.waitFor('you>');
      t.type('how is the disk usage on this machine?');
      await t.waitFor(/nothing needs doing about it now\. *\n+you>/, 60_000);
      expect(t.screen(true)).not.toContain(ESCAPE);
      // Not a terminal that shows styles: the Markdown stays as the model wrote it.
      expect(t.screen()).toContain('The **root filesystem**');
      t.type('/exit');
      await t.waitFor('[exit 0]');
    }
    const coloured = chatTerminal();
    await coloured.waitFor('you>');
    expect(coloured.screen(true)).toContain(ESCAPE);
    coloured.type('/exit');
  });
});

describe('an action proposed in a chat', { timeout: 240_000 }, () => {
  it('is announced inline with its number and how to approve it; approve discuss N talks about it in its context', async () => {
    historyHome = tempDir('chat-history');
    const t = chatTerminal();
    await t.waitFor('you>');
    t.type('please restart nginx');
    const screen = await t.waitFor('it waits for your approval', 60_000);
    const announced = /action (\d+) awaits approval \((\w+) risk\) on local: .*systemctl restart nginx\.service/.exec(
      screen,
    );
    expect(announced, screen).not.toBeNull();
    const id = announced![1]!;
    expect(screen).toMatch(/why: .*medium/);
    expect(screen).toMatch(new RegExp(`approve with: \\S*approve approve ${id}`));
    t.type('/exit');

    const discuss = await runCliAsync(['approve', 'discuss', id, '--config', configPath], {
      input: 'why restart it?\n',
    });
    expect(discuss.code, discuss.stderr).toBe(0);
    expect(discuss.stdout).toContain(`action ${id} (command) pending`);
    expect(discuss.stdout).toContain(`— about action ${id}`);
    expect(discuss.stdout, discuss.stderr).toContain(DISCUSS_ANSWER);
    expect(discuss.stdout + discuss.stderr).not.toContain(ESCAPE);
    const show = await runCliAsync(['approve', 'show', id, '--json', '--config', configPath]);
    const { action } = OUTPUT_SCHEMAS['approve show'].parse(JSON.parse(show.stdout));
    expect(action.discussion.map((m) => [m.role, m.text])).toEqual([
      ['user', 'why restart it?'],
      ['assistant', DISCUSS_ANSWER],
    ]);
    expect((await runCliAsync(['approve', 'reject', id, '--config', configPath])).code).toBe(0);
  });
});

describe('ask', { timeout: 120_000 }, () => {
  it('piped: the answer alone, no escape codes; --json matches its schema with the tool call', async () => {
    const plain = await runCliAsync(['ask', 'how is the disk usage?', '--config', configPath]);
    expect(plain.code, plain.stderr).toBe(0);
    expect(plain.stdout).toBe(`${DISK_ANSWER}\n`);
    expect(plain.stdout + plain.stderr).not.toContain(ESCAPE);
    const json = await runCliAsync(['ask', '--json', 'how is the disk usage?', '--config', configPath]);
    expect(json.code, json.stderr).toBe(0);
    const parsed = OUTPUT_SCHEMAS.ask.parse(JSON.parse(json.stdout));
    expect(parsed.answer).toBe(DISK_ANSWER);
    expect(parsed.tools).toEqual([expect.objectContaining({ tool: 'check_disk_usage', host: 'local', ok: true })]);
  });
});
