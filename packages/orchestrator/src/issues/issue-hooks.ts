/**
 * The seam the agent plugs into: it subscribes to "an issue opened, reopened or escalated", and
 * may set the issue `investigating` and add a diagnosis (IssueTracker.setStatus/setDiagnosis).
 * The cycle calls every subscriber and waits for them up to `waitMs` (the agent's
 * `agent.notifyWaitSec`) before it composes messages, so a diagnosis that is ready in time goes
 * into the first message; one that is not arrives later on the issue, and the cycle never waits
 * longer than that bound. Nothing here diagnoses anything.
 */
import { errorMessage } from '@ai-sysadmin/core';
import type { Issue, Logger } from '@ai-sysadmin/core';

export interface IssueAttentionEvent {
  readonly kind: 'opened' | 'reopened' | 'escalated';
  readonly issue: Issue;
  readonly cycle: number | null;
}

export type IssueAttentionListener = (event: IssueAttentionEvent, signal: AbortSignal) => void | Promise<void>;

export class IssueHooks {
  private readonly listeners = new Set<IssueAttentionListener>();
  /** How long a cycle waits for subscribers before it sends its messages. */
  waitMs = 0;

  constructor(private readonly logger?: Logger) {}

  /** Returns the function that unsubscribes. */
  onIssueNeedsAttention(listener: IssueAttentionListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get subscribed(): boolean {
    return this.listeners.size > 0;
  }

  /** Calls every subscriber for every event; resolves when all are done or `waitMs` has passed. */
  async emit(events: readonly IssueAttentionEvent[]): Promise<void> {
    if (events.length === 0 || this.listeners.size === 0) return;
    const controller = new AbortController();
    const calls = [...this.listeners].flatMap((listener) =>
      events.map(async (event) => {
        try {
          await listener(event, controller.signal);
        } catch (error) {
          this.logger?.error({ issue: event.issue.id, err: errorMessage(error) }, 'an issue subscriber failed');
        }
      }),
    );
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.all(calls),
      new Promise<void>((resolve) => (timer = setTimeout(resolve, this.waitMs))),
    ]);
    clearTimeout(timer);
    // Subscribers still at work go on; the signal only says the cycle stopped waiting.
    controller.abort();
  }
}
