/**
 * Chat, ask and discuss on top of the agent: one answer at a time per session, the session's
 * history from disk (so it survives a restart), every ChatEvent passed on as it happens, and the
 * answer (or what stopped it) written back as the assistant's turn. A run stops when the person
 * cancels it (POST .../cancel), when the client closes the stream, or after
 * `agent.answerTimeoutSec`: the AbortSignal given to Agent.run cancels the queue job in flight.
 * A session opened by `approve discuss N` runs in `discuss` mode with action N's context, and
 * both sides of it are kept on the action too (Executor.addDiscussionMessage).
 */
import { randomUUID } from 'node:crypto';
import { type ChatEvent, type Config, type Logger, errorMessage } from '@ai-sysadmin/core';
import type { Executor } from '@ai-sysadmin/executor';
import type { Agent, AgentMode } from '../agent/agent-contract.js';
import { ChatBusyError } from '../errors/chat-busy-error.js';
import type { ChatSessionStore } from './chat-sessions.js';

export interface ChatServiceOptions {
  readonly agent: () => Agent;
  readonly sessions: ChatSessionStore;
  readonly executor: () => Executor;
  readonly config: () => Config;
  readonly logger: Logger;
}

export interface ChatInput {
  /** Absent for ask: nothing is kept. */
  readonly session?: string;
  readonly message: string;
  readonly user?: string;
}

type ToolUse = { tool: string; host: string; ok: boolean };
type Terminal = Extract<ChatEvent, { type: 'done' | 'error' }>;

export class ChatService {
  private readonly running = new Map<string, AbortController>();

  constructor(private readonly options: ChatServiceOptions) {}

  /** Session id of a discussion about action N. */
  static discussionSession(actionId: number): string {
    return `discuss-${String(actionId).padStart(4, '0')}`;
  }

  /** Opens (or reopens) the session about pending action N; throws ACTION_NOT_FOUND for an unknown one. */
  openDiscussion(actionId: number) {
    this.options.executor().discussion(actionId);
    return this.options.sessions.open(ChatService.discussionSession(actionId), { actionId });
  }

  /** Stops the answer in progress in this session; false when there is none. */
  cancel(session: string): boolean {
    const controller = this.running.get(session);
    if (!controller) return false;
    controller.abort(new Error('cancelled by the person'));
    return true;
  }

  /** Answers in progress (chat, ask and discuss). */
  get answering(): number {
    return this.running.size;
  }

  busy(session: string): boolean {
    return this.running.has(session);
  }

  /** Runs one answer; every event goes to `emit`, the last being `done` or `error`. Never throws once started. */
  async answer(input: ChatInput, emit: (event: ChatEvent) => void, clientGone?: AbortSignal): Promise<void> {
    const config = this.options.config();
    const key = input.session ?? `ask-${randomUUID()}`;
    if (this.running.has(key)) throw new ChatBusyError(key);
    const cancel = new AbortController();
    this.running.set(key, cancel);
    const timeout = AbortSignal.timeout(config.agent.answerTimeoutSec * 1000);
    const signal = AbortSignal.any([cancel.signal, timeout, ...(clientGone ? [clientGone] : [])]);
    const session = input.session ? this.options.sessions.open(input.session) : undefined;
    const mode: AgentMode = session?.actionId !== undefined ? 'discuss' : input.session ? 'chat' : 'ask';
    const tools: ToolUse[] = [];
    let terminal: Terminal | undefined;
    const pass = (event: ChatEvent) => {
      if (terminal) return;
      if (event.type === 'tool-finished') tools.push({ tool: event.tool, host: event.host, ok: event.ok });
      if (event.type === 'error' && timeout.aborted && !cancel.signal.aborted)
        event = {
          type: 'error',
          code: 'answer-timeout',
          message: `no answer within ${config.agent.answerTimeoutSec} s`,
          hint: 'agent.answerTimeoutSec sets the limit; a smaller question, or a faster model, answers sooner.',
        };
      if (event.type === 'done' || event.type === 'error') terminal = event;
      try {
        emit(event);
      } catch {
        // the client is gone; the run goes on to its end and is recorded
      }
    };
    try {
      pass({ type: 'session', session: key, aiName: config.aiName, model: config.model });
      if (session) this.options.sessions.append(key, { role: 'user', text: input.message });
      if (session?.actionId !== undefined) this.discussionNote(session.actionId, 'user', input.message);
      const result = await this.options.agent().run({
        mode,
        message: input.message,
        history: session?.turns ?? [],
        ...(input.user ? { user: input.user } : {}),
        ...(session?.actionId !== undefined ? { actionId: session.actionId } : {}),
        signal,
        onEvent: pass,
      });
      if (!terminal)
        pass(
          result.error
            ? { type: 'error', ...result.error }
            : {
                type: 'done',
                answer: result.answer,
                steps: result.steps,
                promptTokens: result.promptTokens,
                durationMs: result.durationMs,
              },
        );
    } catch (error) {
      this.options.logger.error({ session: key, err: errorMessage(error) }, 'a chat answer failed');
      pass({ type: 'error', code: 'internal', message: errorMessage(error) });
    } finally {
      this.running.delete(key);
      if (session) this.record(key, session.actionId, terminal, tools);
    }
  }

  private record(key: string, actionId: number | undefined, terminal: Terminal | undefined, tools: readonly ToolUse[]) {
    const text =
      terminal?.type === 'done'
        ? terminal.answer
        : `(no answer: ${terminal?.type === 'error' ? `${terminal.code}: ${terminal.message}` : 'ended'})`;
    try {
      this.options.sessions.append(key, { role: 'assistant', text, ...(tools.length ? { tools } : {}) });
      if (actionId !== undefined && terminal?.type === 'done') this.discussionNote(actionId, 'assistant', text);
    } catch (error) {
      this.options.logger.error({ session: key, err: errorMessage(error) }, 'the chat turn could not be saved');
    }
  }

  private discussionNote(actionId: number, role: 'user' | 'assistant', text: string): void {
    try {
      this.options.executor().addDiscussionMessage(actionId, { role, text: text.slice(0, 20_000) });
    } catch (error) {
      // A decided action keeps its discussion as it was; the session still holds the turn.
      this.options.logger.debug({ actionId, err: errorMessage(error) }, 'discussion message not added to the action');
    }
  }
}
