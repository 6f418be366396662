/**
 * Prints one answer's ChatEvent stream as it comes: tokens as they arrive, each tool call as a
 * line when it finishes (tool, host, duration), an action awaiting approval with its number and
 * the command to approve it. On a styled terminal the last stretch of streamed text is redrawn
 * from Markdown once the answer is complete; elsewhere the text stays as it came.
 */
import type { ChatEvent } from '@ai-sysadmin/core';
import type { ChalkInstance } from 'chalk';
import { looksLikeMarkdown, renderMarkdown } from '../terminal/markdown.js';
import { isStyled } from '../terminal/styled.js';

export interface AnswerSummary {
  answer: string;
  steps: number;
  promptTokens: number;
  durationMs: number;
  tools: { tool: string; host: string; durationMs: number; ok: boolean; summary: string }[];
  actions: { actionId: number; host: string; command: string; risk: string; reason: string; approveWith: string }[];
  ran: { actionId: number; host: string; command: string; status: string }[];
  error: { code: string; message: string; hint?: string } | null;
  session: string | null;
  model: string | null;
}

export function emptySummary(): AnswerSummary {
  return {
    answer: '',
    steps: 0,
    promptTokens: 0,
    durationMs: 0,
    tools: [],
    actions: [],
    ran: [],
    error: null,
    session: null,
    model: null,
  };
}

export class AnswerPrinter {
  readonly summary = emptySummary();
  /** Text streamed since the last line that was not part of the answer (what a redraw may replace). */
  private stretch = '';
  private readonly styled: boolean;

  constructor(
    private readonly c: ChalkInstance,
    private readonly out: NodeJS.WriteStream,
    /** false: print nothing while streaming (ask piped or --json), only collect. */
    private readonly live: boolean,
  ) {
    this.styled = isStyled(out);
  }

  event(e: ChatEvent): void {
    const s = this.summary;
    switch (e.type) {
      case 'session':
        s.session = e.session;
        s.model = e.model;
        return;
      case 'token':
        s.answer += e.text;
        if (this.live) {
          this.stretch += e.text;
          this.out.write(e.text);
        }
        return;
      case 'tool-started':
        return;
      case 'tool-finished':
        s.tools.push({ tool: e.tool, host: e.host, durationMs: e.durationMs, ok: e.ok, summary: e.summary });
        this.line(
          `${e.ok ? this.c.dim('⚙') : this.c.red('✗')} ${this.c.cyan(e.tool)} on ${e.host} (${formatMs(e.durationMs)})${e.summary ? this.c.dim(`: ${e.summary}`) : ''}`,
        );
        return;
      case 'action-pending':
        s.actions.push({
          actionId: e.actionId,
          host: e.host,
          command: e.command,
          risk: e.risk,
          reason: e.reason,
          approveWith: e.approveWith,
        });
        this.line(
          `${this.c.yellow(`action ${e.actionId} awaits approval`)} (${e.risk} risk) on ${e.host}: ${e.command}\n  why: ${e.reason}\n  approve with: ${this.c.bold(e.approveWith)}`,
        );
        return;
      case 'action-ran':
        s.ran.push({ actionId: e.actionId, host: e.host, command: e.command, status: e.status });
        this.line(`${this.c.green('ran')} action ${e.actionId} on ${e.host}: ${e.command} (${e.status})`);
        return;
      case 'error':
        s.error = { code: e.code, message: e.message, ...(e.hint ? { hint: e.hint } : {}) };
        return;
      case 'done':
        s.answer = e.answer || s.answer;
        s.steps = e.steps;
        s.promptTokens = e.promptTokens;
        s.durationMs = e.durationMs;
        return;
    }
  }

  /** After the stream: redraw the last stretch from Markdown (styled terminals), end the line. */
  async finish(): Promise<void> {
    if (!this.live) return;
    const text = this.stretch;
    this.stretch = '';
    if (this.styled && text && !this.summary.error && looksLikeMarkdown(text)) {
      const rows = rowsOf(text, this.out.columns || 80);
      // Up to the first row of the stretch, clear to the end of the screen, draw it again.
      this.out.write(`\r${rows > 1 ? `\x1b[${rows - 1}A` : ''}\x1b[J`);
      this.out.write(await renderMarkdown(text, this.out));
      return;
    }
    if (text && !text.endsWith('\n')) this.out.write('\n');
  }

  private line(text: string): void {
    if (!this.live) return;
    if (this.stretch && !this.stretch.endsWith('\n')) this.out.write('\n');
    this.stretch = '';
    this.out.write(`${text}\n`);
  }
}

function rowsOf(text: string, columns: number): number {
  const lines = text.split('\n');
  let rows = 0;
  for (const [i, line] of lines.entries()) {
    if (i === lines.length - 1 && line === '') break;
    rows += Math.max(1, Math.ceil([...line].length / columns));
  }
  // The cursor sits on the row after a trailing newline.
  return text.endsWith('\n') ? rows + 1 : rows;
}

export function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}
