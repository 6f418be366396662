/**
 * One request on the LLM queue, as its producer sees it: awaitable for the result (or a typed
 * error), iterable for every event as it comes (tokens, progress, retries, restarts), and
 * cancellable.
 */
import type { JobEvent, JobKind, JobResult } from '@ai-sysadmin/core';

export class LlmRequest<K extends JobKind> implements PromiseLike<JobResult<K>> {
  readonly result: Promise<JobResult<K>>;
  private readonly history: JobEvent[] = [];
  private readonly waiters = new Set<() => void>();
  private resolveResult!: (value: JobResult<K>) => void;
  private rejectResult!: (error: unknown) => void;
  private settledAs: 'done' | 'failed' | undefined;
  /** When the last event arrived (or the request was made). */
  lastEventAt = Date.now();

  constructor(
    readonly kind: K,
    readonly jobId: string,
    private readonly cancelJob: () => Promise<void>,
  ) {
    this.result = new Promise<JobResult<K>>((resolve, reject) => {
      this.resolveResult = resolve;
      this.rejectResult = reject;
    });
    // A caller that only iterates events must not crash the process with an unhandled rejection.
    this.result.catch(() => undefined);
  }

  get settled(): boolean {
    return this.settledAs !== undefined;
  }

  /** The events received so far. */
  received(): readonly JobEvent[] {
    return this.history;
  }

  /** Every event from the first, then each as it arrives, ending with the job's end. */
  async *events(): AsyncGenerator<JobEvent> {
    let next = 0;
    for (;;) {
      while (next < this.history.length) yield this.history[next++]!;
      if (this.settled) return;
      await new Promise<void>((resolve) => this.waiters.add(resolve));
    }
  }

  /** The answer's text as it is generated. When an attempt starts over, `restart` is called first. */
  async *tokens(onRestart?: () => void): AsyncGenerator<string> {
    let attemptStarts = 0;
    for await (const event of this.events()) {
      if (event.type === 'started' && ++attemptStarts > 1) onRestart?.();
      if (event.type === 'token') yield event.text;
    }
  }

  /** Stops the job: a waiting job leaves the queue, a running one stops generating. */
  cancel(): Promise<void> {
    return this.settled ? Promise.resolve() : this.cancelJob();
  }

  then<A = JobResult<K>, B = never>(
    onFulfilled?: ((value: JobResult<K>) => A | PromiseLike<A>) | null,
    onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): Promise<A | B> {
    return this.result.then(onFulfilled, onRejected);
  }

  /** @internal */
  push(event: JobEvent): void {
    if (this.settled) return;
    this.lastEventAt = Date.now();
    this.history.push(event);
    this.notify();
  }

  /** @internal */
  resolve(value: JobResult<K>): void {
    if (this.settled) return;
    this.settledAs = 'done';
    this.resolveResult(value);
    this.notify();
  }

  /** @internal */
  reject(error: unknown): void {
    if (this.settled) return;
    this.settledAs = 'failed';
    this.rejectResult(error);
    this.notify();
  }

  private notify(): void {
    for (const wake of this.waiters) wake();
    this.waiters.clear();
  }
}
