/**
 * The SSH sessions one connection may have open at once. sshd counts every session of a
 * connection against its MaxSessions (OpenSSH's default is 10) and refuses the one over it with
 * "open failed". We hold at most `configured` at once (ssh.maxChannelsPerHost); a refusal teaches
 * us the host's real limit, which then holds for the rest of the connection's life. A slot is
 * given back when the server has closed the channel, yet sshd may free the session a moment
 * later still, so a refusal can come below the limit too: the caller waits and asks again.
 */
import { CommandNotStartedError } from '../errors/command-not-started-error.js';

/** How long after a channel closes sshd may still count its session. */
const NOT_YET_FREED_MS = 250;

export interface SlotRequest {
  /** The command (or `the sftp session`), as a person reads it in an error. */
  readonly what: string;
  readonly host: string;
  /** performance.now() by which the slot must be had. */
  readonly deadline: number;
  readonly signal?: AbortSignal | undefined;
}

export class ChannelSlots {
  private inUse = 0;
  private limit: number;
  private learned: number | undefined;
  private readonly waiting = new Set<() => void>();
  /** When each of the last slots was given back: sshd may not have freed those sessions yet. */
  private readonly released: number[] = [];

  constructor(readonly configured: number) {
    this.limit = configured;
  }

  /** Sessions of ours open now. */
  get open(): number {
    return this.inUse;
  }

  /** The host's limit as its refusals showed it; undefined while it refused none. */
  get learnedLimit(): number | undefined {
    return this.learned;
  }

  /**
   * A free slot, in turn; rejects with CommandNotStartedError on abort or once the deadline has
   * passed. The slot is given back with `release(true)` once its channel closed, `release(false)`
   * when no session came of it (refused, or never opened).
   */
  async acquire(request: SlotRequest): Promise<(sessionClosed: boolean) => void> {
    while (this.inUse >= this.limit) await this.waitForChange(request);
    this.throwIfStopped(request);
    this.inUse++;
    let released = false;
    return (sessionClosed: boolean) => {
      if (released) return;
      released = true;
      this.inUse--;
      if (sessionClosed) {
        this.released.push(performance.now());
        if (this.released.length > 64) this.released.shift();
      }
      for (const wake of [...this.waiting]) wake();
    };
  }

  /**
   * The host refused a session while `openNow` of ours were open: it allows no more than those and
   * the ones we gave back a moment ago (sshd frees a session a little after it closes the channel).
   */
  refused(openNow: number): void {
    const since = performance.now() - NOT_YET_FREED_MS;
    const notYetFreed = this.released.filter((at) => at >= since).length;
    const limit = Math.max(1, Math.min(this.limit, openNow + notYetFreed));
    this.learned = Math.min(this.learned ?? limit, limit);
    this.limit = limit;
  }

  /**
   * Waits until a slot is given back or, with `backoffMs`, that long at most (a refusal below the
   * limit clears once sshd has freed the sessions just closed); rejects on abort or at the deadline.
   */
  waitForChange(request: SlotRequest, backoffMs?: number): Promise<void> {
    this.throwIfStopped(request);
    return new Promise<void>((resolve, reject) => {
      const now = performance.now();
      const wakeAt = Math.min(request.deadline, backoffMs === undefined ? Infinity : now + backoffMs);
      const settle = (error?: Error) => {
        clearTimeout(timer);
        this.waiting.delete(onChange);
        request.signal?.removeEventListener('abort', onAbort);
        if (error) reject(error);
        else resolve();
      };
      const onChange = () => settle();
      const onAbort = () => settle(this.notStarted(request, 'aborted'));
      const timer = setTimeout(
        () => settle(performance.now() >= request.deadline ? this.notStarted(request, 'deadline') : undefined),
        Math.max(0, wakeAt - now),
      );
      this.waiting.add(onChange);
      request.signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Nothing is started once the caller has given up or its time is up. */
  throwIfStopped(request: SlotRequest): void {
    if (request.signal?.aborted) throw this.notStarted(request, 'aborted');
    if (performance.now() >= request.deadline) throw this.notStarted(request, 'deadline');
  }

  private notStarted(request: SlotRequest, why: 'aborted' | 'deadline'): CommandNotStartedError {
    return new CommandNotStartedError(request.host, request.what, why, why === 'deadline' ? this.why() : undefined);
  }

  /** Why no session could be had, and what to raise, in words. */
  private why(): string {
    if (this.learned !== undefined)
      return `the host allows ${this.learned} SSH session${this.learned === 1 ? '' : 's'} per connection (its MaxSessions, learned from its refusals) and they were in use; raise MaxSessions in its sshd_config (OpenSSH's default is 10)`;
    return `all ${this.limit} SSH sessions we open at once were in use; raise ssh.maxChannelsPerHost (up to the host's MaxSessions)`;
  }
}
