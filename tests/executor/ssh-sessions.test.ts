/**
 * SSH sessions against real OpenSSH hosts that allow few of them (sshd's MaxSessions counts every
 * session of one connection), and what stopping a command does on the host: nothing refused is
 * lost, what cannot start in time says what to raise, and a stopped command leaves nothing running.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '@ai-sysadmin/core';
import { makeCommand } from '@ai-sysadmin/command-patterns';
import { CommandNotStartedError, RunnerPool, SshRunner } from '@ai-sysadmin/executor';
import { type SshHost, startSshHost, tempDir } from '../rig/index.js';
import { hangingPids, hangingStandIn, running } from '../helpers/host-processes.js';

let two: SshHost;
let one: SshHost;
const pools: RunnerPool[] = [];
const pidDir = tempDir('pids');

function poolFor(host: SshHost, ssh: object = {}): RunnerPool {
  const config = parseConfig({
    stateDir: tempDir('state'),
    remoteSystems: [host.remoteSystem()],
    ssh: { ...host.sshConfig(), connectTimeoutSec: 5, ...ssh },
  });
  const pool = new RunnerPool(config);
  pools.push(pool);
  return pool;
}

beforeAll(async () => {
  [two, one] = await Promise.all([
    startSshHost({ name: 'two', maxSessions: 2 }),
    startSshHost({
      name: 'one',
      maxSessions: 1,
      standIns: { hang: hangingStandIn(pidDir, 'hang'), marker: { stdout: 'ran\n' } },
    }),
  ]);
});
afterAll(async () => {
  await Promise.all(pools.map((p) => p.closeAll()));
  await Promise.all([two?.stop(), one?.stop()]);
});

describe('SSH sessions', () => {
  it('runs every command on a host with MaxSessions 2, waiting for a session where it refuses one', async () => {
    const pool = poolFor(two);
    const results = await Promise.all(
      Array.from({ length: 24 }, (_, i) => pool.run(makeCommand(['echo', `n${i}`], { host: 'two' }))),
    );
    expect(results.map((r) => [r.exitCode, r.stdout])).toEqual(Array.from({ length: 24 }, (_, i) => [0, `n${i}\n`]));
    // The host did refuse (its log says so), and the runner learned its limit from that.
    expect(two.log()).toContain('no more sessions');
    expect((pool.runner('two') as SshRunner).learnedSessionLimit).toBeLessThanOrEqual(2);
  });

  it('says what to raise when no session can be had before the deadline, and never starts the command', async () => {
    const pool = poolFor(one);
    const hold = pool.run(makeCommand(['hang'], { host: 'one', timeoutMs: 4000 }));
    await waitFor(() => hangingPids(pidDir, 'hang').length === 2);
    const error = await pool.run(makeCommand(['marker'], { host: 'one', timeoutMs: 800 })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CommandNotStartedError);
    expect((error as CommandNotStartedError).message).toBe(
      "`marker` could not start on one in time: the host allows 1 SSH session per connection (its MaxSessions, learned from its refusals) and they were in use; raise MaxSessions in its sshd_config (OpenSSH's default is 10).",
    );
    expect((error as CommandNotStartedError).hint).toMatch(
      /^sshd's MaxSessions counts every session of one connection: raise it in the sshd_config of one/,
    );
    expect(one.calls('marker')).toEqual([]);
    await hold;
  });

  it('stops a command past its timeout and leaves none of its processes running on the host', async () => {
    const pool = poolFor(one);
    const before = hangingPids(pidDir, 'hang').length;
    const result = await pool.run(makeCommand(['hang'], { host: 'one', timeoutMs: 1000 }));
    expect(result).toMatchObject({ timedOut: true, signal: 'SIGKILL', exitCode: null });
    const pids = hangingPids(pidDir, 'hang').slice(before);
    expect(pids).toHaveLength(2);
    // The stand-in's shell and the sleep it started: both ended by the time run() answered.
    expect(pids.filter(running)).toEqual([]);
  });

  it('stops a command when its caller gives up, and starts none after that', async () => {
    const pool = poolFor(one);
    const before = hangingPids(pidDir, 'hang').length;
    const controller = new AbortController();
    // (sshd refuses signals for a root login, as the rig's is: there the host's own deadline, 2 s
    // here, ends it while the runner waits for its exit.)
    const running$ = pool.run(makeCommand(['hang'], { host: 'one', timeoutMs: 2000 }), {
      signal: controller.signal,
    });
    await waitFor(() => hangingPids(pidDir, 'hang').length === before + 2);
    controller.abort();
    expect(await running$).toMatchObject({ timedOut: false, signal: 'SIGKILL' });
    expect(hangingPids(pidDir, 'hang').slice(before).filter(running)).toEqual([]);

    const error = await pool
      .run(makeCommand(['marker'], { host: 'one' }), { signal: controller.signal })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CommandNotStartedError);
    expect((error as CommandNotStartedError).why).toBe('aborted');
    expect(one.calls('marker')).toEqual([]);
  });

  it('gives up waiting for a session as soon as the caller does', async () => {
    const pool = poolFor(one, { maxChannelsPerHost: 1 });
    const hold = pool.run(makeCommand(['hang'], { host: 'one', timeoutMs: 3000 }));
    const controller = new AbortController();
    const waiting = pool
      .run(makeCommand(['marker'], { host: 'one', timeoutMs: 10_000 }), { signal: controller.signal })
      .catch((e: unknown) => e);
    setTimeout(() => controller.abort(), 300);
    const error = await waiting;
    expect(error).toBeInstanceOf(CommandNotStartedError);
    expect((error as CommandNotStartedError).why).toBe('aborted');
    expect(one.calls('marker')).toEqual([]);
    await hold;
  });
});

async function waitFor(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 50));
  if (!condition()) throw new Error('condition not met in 10 s');
}
