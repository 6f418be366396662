/**
 * The interactive chat loop shared by `chat` and `approve discuss N`: a prompt with line editing
 * and history across sessions (node:readline), each message streamed through the daemon,
 * Ctrl-C stops the answer in progress (the daemon is told to cancel) and keeps the session,
 * Ctrl-D or /exit leaves. Slash commands: /exit /quit /clear /history /debug /help.
 */
import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import { API_PATHS } from '@ai-sysadmin/core/api-paths';
import type { ChatSessionSummary, ChatSessionView, StatusResponse } from '@ai-sysadmin/core';
import { ApiRequestError, type DaemonApiClient } from '../api-client.js';
import { age } from '../daemon-client.js';
import { colours, isStyled } from '../terminal/styled.js';
import { describeAnswerError, streamAnswer } from './answer-stream.js';
import { loadHistory, saveHistory } from './chat-history-file.js';

export interface ChatReplOptions {
  readonly client: DaemonApiClient;
  readonly aiName: string;
  readonly model: string;
  readonly user: string;
  /** The session to talk in; a new one when absent. */
  readonly session?: string;
  /** What the banner says after the name. */
  readonly intro?: string;
  /** A session opened for one action (`approve discuss N`): /clear keeps it. */
  readonly fixedSession?: boolean;
}

const HELP = [
  '/history  this conversation so far, and your earlier ones',
  '/clear    start a new conversation',
  '/debug    Ollama, the model, the queue and each dependency',
  '/exit     leave (also /quit or Ctrl-D)',
  'Ctrl-C stops the answer in progress.',
].join('\n');

export async function runChatRepl(options: ChatReplOptions): Promise<number> {
  const c = await colours(process.stdout);
  const { client } = options;
  let session = options.session ?? randomUUID();
  const terminal = Boolean(process.stdin.isTTY && process.stdout.isTTY);
  const out = process.stdout;
  out.write(
    `${c.bold.cyan(options.aiName)} ${options.intro ?? '— ask about your machines.'} ${c.dim(`(model ${options.model}; /help for commands, Ctrl-C stops an answer, Ctrl-D leaves)`)}\n`,
  );

  const rl = createInterface({
    input: process.stdin,
    output: out,
    terminal,
    history: terminal ? loadHistory() : [],
    historySize: 1000,
    removeHistoryDuplicates: true,
    // Piped input gets no prompts: the output is the answers alone.
    prompt: terminal ? `${c.bold('you>')} ` : '',
  });
  if (terminal) rl.on('history', (lines: string[]) => saveHistory(lines));

  let answering: AbortController | null = null;
  const interrupt = () => {
    if (answering) {
      const controller = answering;
      void client.json('POST', API_PATHS.chatCancel(session)).catch(() => undefined);
      // The daemon ends the stream with `cancelled`; if it does not at once, the connection goes.
      setTimeout(() => controller.abort(), 1500).unref();
      return;
    }
    out.write(`\n${c.dim('(type /exit or press Ctrl-D to leave)')}\n`);
    rl.prompt();
  };
  rl.on('SIGINT', interrupt);
  process.on('SIGINT', interrupt);

  const commands: Record<string, () => Promise<boolean>> = {
    '/exit': async () => false,
    '/quit': async () => false,
    '/help': async () => (out.write(`${HELP}\n`), true),
    '/clear': async () => {
      if (options.fixedSession) {
        out.write('this conversation is about one action: leave and run `approve discuss` again for a fresh one\n');
        return true;
      }
      session = randomUUID();
      if (isStyled(out)) out.write('\x1b[2J\x1b[H');
      out.write(`${c.dim('a new conversation; the earlier one stays in /history')}\n`);
      return true;
    },
    '/history': async () => {
      out.write(await history(client, session, c));
      return true;
    },
    '/debug': async () => {
      out.write(await debug(client, session, options.model, c));
      return true;
    },
  };

  rl.prompt();
  try {
    for await (const raw of rl) {
      const line = raw.trim();
      if (!line) {
        rl.prompt();
        continue;
      }
      const command = line.startsWith('/') ? commands[line.split(/\s+/)[0]!.toLowerCase()] : undefined;
      if (line.startsWith('/') && !command) {
        out.write(`unknown command ${line.split(/\s+/)[0]}: ${Object.keys(commands).join(' ')}\n`);
      } else if (command) {
        try {
          if (!(await command())) break;
        } catch (error) {
          process.stderr.write(`${c.red(describe(error))}\n`);
        }
      } else {
        answering = new AbortController();
        try {
          const summary = await streamAnswer(
            client,
            API_PATHS.chat,
            { session, message: line, user: options.user },
            { live: true, signal: answering.signal },
          );
          if (summary.error?.code === 'cancelled') out.write(`${c.dim('(stopped)')}\n`);
          else if (summary.error) process.stderr.write(`${c.red(describeAnswerError(summary))}\n`);
        } catch (error) {
          process.stderr.write(`${c.red(describe(error))}\n`);
        } finally {
          answering = null;
        }
      }
      rl.prompt();
    }
  } finally {
    process.off('SIGINT', interrupt);
    rl.close();
  }
  if (terminal) out.write('\n');
  return 0;
}

function describe(error: unknown): string {
  const e = error as { describe?: () => string; message?: string };
  return typeof e?.describe === 'function' ? e.describe() : String(e?.message ?? error);
}

async function history(
  client: DaemonApiClient,
  session: string,
  c: Awaited<ReturnType<typeof colours>>,
): Promise<string> {
  const lines: string[] = [];
  try {
    const { session: view } = await client.json<{ session: ChatSessionView }>('GET', API_PATHS.chatSession(session));
    for (const t of view.turns) {
      const tools = t.tools?.length ? c.dim(` [${t.tools.map((x) => `${x.tool}@${x.host}`).join(', ')}]`) : '';
      lines.push(`${c.bold(t.role === 'user' ? 'you' : 'assistant')} (${age(t.at)} ago): ${t.text}${tools}`);
    }
  } catch (error) {
    if (!(error instanceof ApiRequestError && error.status === 404)) throw error;
  }
  if (!lines.length) lines.push(c.dim('nothing said in this conversation yet'));
  const earlier = await client
    .json<{ sessions: ChatSessionSummary[] }>('GET', API_PATHS.chatSessions)
    .then((a) => a.sessions.filter((s) => s.session !== session))
    .catch(() => []);
  if (earlier.length) {
    lines.push('', c.bold('earlier conversations:'));
    for (const s of earlier.slice(0, 10))
      lines.push(`  ${s.session.slice(0, 8)}  ${age(s.updatedAt)} ago, ${s.turns} turns: ${s.firstMessage}`);
  }
  return `${lines.join('\n')}\n`;
}

async function debug(
  client: DaemonApiClient,
  session: string,
  model: string,
  c: Awaited<ReturnType<typeof colours>>,
): Promise<string> {
  const s = await client.json<StatusResponse>('GET', API_PATHS.status);
  const ollama = s.dependencies.find((d) => d.name === 'ollama');
  const lines = [
    `session ${session}`,
    `Ollama: ${ollama ? `${ollama.state} (${ollama.detail})` : 'not known'}; model ${s.agent?.model ?? model}`,
    ...(s.agent
      ? [
          `agent: ${s.agent.available ? 'available' : 'not available'} (${s.agent.detail})${s.agent.capability ? `; tool calling ${s.agent.capability.ok ? 'works' : `fails: ${s.agent.capability.detail}`}` : ''}; ${s.agent.answering} answering, ${s.agent.diagnosing} diagnosing`,
        ]
      : []),
    `queue: ${s.queue ? `${s.queue.depth} waiting, ${s.queue.workers} worker(s)` : 'not reachable'}`,
    ...s.dependencies.map(
      (d) => `  ${d.name.padEnd(12)} ${d.state === 'up' ? c.green(d.state) : c.red(d.state)}  ${d.detail}`,
    ),
  ];
  return `${lines.join('\n')}\n`;
}
