/**
 * Remote execution through the RunnerPool against real OpenSSH hosts from the rig: the command
 * goes over the host's ssh2 connection in the command-patterns remote form, stand-ins on the
 * host record what ran, and the audit log answers "why was nginx restarted on rhiannon?".
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Config, parseConfig } from '@ai-sysadmin/core';
import { Executor, RunnerPool } from '@ai-sysadmin/executor';
import { type SshFleet, startSshFleet } from '../rig/index.js';
import { byUser, tempStateDir } from '../helpers/executor-fixtures.js';

const SYSTEMCTL = {
  cases: [
    { args: '^(restart|stop) nginx$', stdout: '' },
    { args: '^is-active nginx$', stdout: 'active\n' },
  ],
  default: { stderr: 'unexpected call\n', exitCode: 1 },
};

let fleet: SshFleet;
let state: ReturnType<typeof tempStateDir>;
let config: Config;
let pool: RunnerPool;

beforeAll(async () => {
  fleet = await startSshFleet(2, (i) => ({ name: ['rhiannon', 'web2'][i], standIns: { systemctl: SYSTEMCTL } }));
  state = tempStateDir();
  config = parseConfig({
    aiName: 'gwen',
    stateDir: state.dir,
    logLevel: 'silent',
    autonomyLevel: 'suggest',
    remoteSystems: fleet.remoteSystems(),
    ssh: fleet.sshConfig(),
    execution: { verifyTimeoutSec: 2 },
  });
  pool = new RunnerPool(config);
});
afterAll(async () => {
  await pool.closeAll();
  await fleet.stop();
  state.remove();
});

describe('remote execution', () => {
  it('restarts a unit on a managed host after approval, verifies it there, and can say why', async () => {
    const [rhiannon] = fleet.hosts;
    const executor = new Executor({ config, runners: pool, verifyPollMs: 100 });
    const proposed = await executor.propose({
      host: 'rhiannon',
      argv: ['systemctl', 'restart', 'nginx'],
      reason: 'nginx.service on rhiannon is failed since 02:14 (exit code 1, "bind() to 0.0.0.0:80 failed")',
      explanation: 'The port was held by a stale worker that has exited since; a restart should succeed now.',
      requestedBy: byUser('the website on rhiannon is down, can you look?'),
    });
    expect(proposed.status).toBe('pending');
    if (proposed.status !== 'pending') return;
    expect(proposed.action.display[0]).toBe(
      `ssh -i ${config.ssh.keyPath} -p ${rhiannon!.port} root@127.0.0.1 systemctl restart nginx`,
    );

    const outcome = await executor.approve(proposed.action.id, { by: 'alice' });
    if (outcome.status !== 'executed') throw new Error(outcome.status);
    expect(outcome.ok).toBe(true);
    expect(outcome.runs[0]!.result).toMatchObject({ host: 'rhiannon', exitCode: 0 });
    expect(outcome.verification[0]).toMatchObject({ host: 'rhiannon', held: true });
    // Its state when proposed and again when approved (active, so the restart is medium), the restart, the check.
    expect(proposed.decision.risk).toBe('medium');
    expect(rhiannon!.calls('systemctl')).toEqual([
      ['is-active', 'nginx'],
      ['is-active', 'nginx'],
      ['restart', 'nginx'],
      ['is-active', 'nginx'],
    ]);
    expect(fleet.hosts[1]!.calls('systemctl')).toEqual([]);

    // "Why was nginx restarted on rhiannon?" -- from the audit log alone, after a restart of the executor.
    const later = new Executor({ config, runners: pool });
    const [execution] = later.audit.find({ host: 'rhiannon', type: 'execution', argvIncludes: ['restart', 'nginx'] });
    expect(execution).toBeDefined();
    expect(execution!.request).toEqual({ kind: 'user', text: 'the website on rhiannon is down, can you look?' });
    const story = later.audit.find({ ref: execution!.ref });
    expect(story.map((e) => e.type)).toEqual(['proposal', 'verdict', 'approval', 'execution', 'verification']);
    expect(story[0]!.reason).toContain('bind() to 0.0.0.0:80 failed');
    expect(story[0]!.explanation).toContain('stale worker');
    expect(story[2]!.actor).toBe('alice');
    expect(story.every((e) => e.request?.text === 'the website on rhiannon is down, can you look?')).toBe(true);
  });

  it('reads a file on the host, resolving the path there first', async () => {
    const executor = new Executor({ config: { ...config, autonomyLevel: 'observe' }, runners: pool });
    const outcome = await executor.propose({
      host: 'web2',
      argv: ['cat', '/etc/hostname'],
      reason: 'which machine is this',
      requestedBy: byUser('what is web2 called?'),
    });
    if (outcome.status !== 'executed') throw new Error(outcome.status);
    expect(outcome.runs[0]!.result).toMatchObject({
      host: 'web2',
      exitCode: 0,
      stdout: readFileSync('/etc/hostname', 'utf8'),
    });
  });

  it('asks a person for a change on several hosts even at auto-full, then runs it on each', async () => {
    const executor = new Executor({
      config: { ...config, autonomyLevel: 'auto-full' },
      runners: pool,
      verifyPollMs: 100,
    });
    const proposed = await executor.propose({
      hosts: ['rhiannon', 'web2'],
      argv: ['systemctl', 'stop', 'nginx'],
      reason: 'maintenance window',
      requestedBy: byUser('stop nginx everywhere'),
    });
    expect(proposed).toMatchObject({ status: 'pending', decision: { risk: 'high', verdict: 'approval' } });
    if (proposed.status !== 'pending') return;
    const before = fleet.hosts.map((h) => h.calls('systemctl').length);
    const outcome = await executor.approve(proposed.action.id, { by: 'alice' });
    if (outcome.status !== 'executed') throw new Error(outcome.status);
    expect(outcome.runs.map((r) => [r.host, r.result?.exitCode])).toEqual([
      ['rhiannon', 0],
      ['web2', 0],
    ]);
    fleet.hosts.forEach((h, i) =>
      expect(
        h
          .calls('systemctl')
          .slice(before[i]!)
          .filter((c) => c[0] !== 'is-active'),
      ).toEqual([['stop', 'nginx']]),
    );
    // The stand-in says "active" after a stop: the verification reports that the effect did not hold.
    expect(outcome.verification.map((v) => v.held)).toEqual([false, false]);
    expect(outcome.ok).toBe(false);
  });

  it('records a host that cannot be reached, and goes on with the others', async () => {
    const web2 = fleet.hosts[1]!;
    await web2.stop();
    try {
      const executor = new Executor({
        config: { ...config, autonomyLevel: 'observe' },
        runners: new RunnerPool(config),
      });
      const outcome = await executor.propose({
        hosts: ['web2', 'rhiannon'],
        argv: ['uptime'],
        reason: 'load check',
        requestedBy: byUser('how loaded are the servers?'),
      });
      if (outcome.status !== 'executed') throw new Error(outcome.status);
      expect(outcome.runs[0]).toMatchObject({ host: 'web2', error: { code: 'HOST_UNREACHABLE' } });
      expect(outcome.runs[1]!.result).toMatchObject({ host: 'rhiannon', exitCode: 0 });
      expect(
        executor.audit
          .find({ ref: outcome.ref, type: 'execution' })
          .map((e) => e.result?.error?.code ?? e.result?.exitCode),
      ).toEqual(['HOST_UNREACHABLE', 0]);
    } finally {
      await web2.restart();
    }
  });
});
