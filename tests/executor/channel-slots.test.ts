/** How a connection's SSH sessions are shared out, and what a host's refusals teach. */
import { describe, expect, it } from 'vitest';
import { ChannelSlots, CommandNotStartedError } from '@ai-sysadmin/executor/runner';

const request = (deadlineMs = 10_000, signal?: AbortSignal) => ({
  what: '`true`',
  host: 'web1',
  deadline: performance.now() + deadlineMs,
  signal,
});

describe('ChannelSlots', () => {
  it('hands out the configured number of slots, the next one as soon as one is given back', async () => {
    const slots = new ChannelSlots(2);
    const first = await slots.acquire(request());
    await slots.acquire(request());
    let third = false;
    const waiting = slots.acquire(request()).then(() => (third = true));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(third).toBe(false);
    first(true);
    await waiting;
    expect(slots.open).toBe(2);
  });

  it('learns the limit from a refusal, counting the sessions sshd may not have freed yet', async () => {
    const slots = new ChannelSlots(8);
    const a = await slots.acquire(request());
    await slots.acquire(request());
    slots.refused(slots.open);
    expect(slots.learnedLimit).toBe(2);
    // One closes and the next open is refused at once: sshd had not freed it, the limit stands.
    a(true);
    slots.refused(slots.open);
    expect(slots.learnedLimit).toBe(2);
  });

  it('lowers the limit for a refusal no recent close explains', async () => {
    const slots = new ChannelSlots(8);
    const a = await slots.acquire(request());
    // A session refused, then given back: no session came of it, so it explains nothing.
    a(false);
    await slots.acquire(request());
    slots.refused(slots.open);
    expect(slots.learnedLimit).toBe(1);
  });

  it('refuses to wait past the deadline, saying why, and starts nothing once aborted', async () => {
    const slots = new ChannelSlots(1);
    slots.refused(1);
    await slots.acquire(request());
    const late = await slots.acquire(request(50)).catch((e: unknown) => e);
    expect(late).toBeInstanceOf(CommandNotStartedError);
    expect((late as CommandNotStartedError).message).toBe(
      "`true` could not start on web1 in time: the host allows 1 SSH session per connection (its MaxSessions, learned from its refusals) and they were in use; raise MaxSessions in its sshd_config (OpenSSH's default is 10).",
    );
    const controller = new AbortController();
    const aborted = slots.acquire(request(10_000, controller.signal)).catch((e: unknown) => e);
    controller.abort();
    expect(((await aborted) as CommandNotStartedError).why).toBe('aborted');
  });
});
