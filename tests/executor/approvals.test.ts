import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ActionAlreadyDecidedError, ActionExpiredError, ActionNotFoundError, Executor } from '@ai-sysadmin/executor';
import { type LocalStandIns, installLocalStandIns } from '../helpers/local-stand-ins.js';
import { RecordingRunners, byUser, tempStateDir, testConfig } from '../helpers/executor-fixtures.js';

let state: ReturnType<typeof tempStateDir>;
let standIns: LocalStandIns;

/** Calls that change something: `systemctl is-active` is how the executor reads unit states before it decides. */
const changes = () => standIns.calls('systemctl').filter((c) => c[0] !== 'is-active');

beforeEach(() => {
  state = tempStateDir();
  standIns = installLocalStandIns({ reboot: { stdout: '' } });
  // nginx is failed until it is restarted (as the requests below say).
  const restarted = `${standIns.dir}/restarted`;
  standIns.set('systemctl', {
    script: `case "$1" in is-active) if [ -e ${restarted} ]; then echo active; else echo failed; fi;; restart|start) : > ${restarted};; esac; exit 0`,
  });
});
afterEach(() => {
  standIns.remove();
  state.remove();
});

const restartNginx = (text = 'nginx returns 502 on rhiannon, please fix it') => ({
  argv: ['systemctl', 'restart', 'nginx'],
  reason: 'nginx.service failed at 03:12 with "worker process exited on signal 9"',
  explanation: 'The unit is failed after an OOM kill; a restart brings it back and the memory pressure is gone now.',
  requestedBy: byUser(text),
});

describe('pending actions', () => {
  it('survive a restart: a new executor over the same state dir finds every one, with its context', async () => {
    const config = testConfig(state.dir, { autonomyLevel: 'suggest' });
    const first = new Executor({ config, runners: new RecordingRunners() });
    const a = await first.propose(restartNginx());
    const b = await first.propose({
      argv: ['reboot'],
      reason: 'kernel update pending',
      requestedBy: { kind: 'issue', text: 'Issue #12: kernel 6.6.30 installed, reboot needed', issueId: '12' },
    });
    const c = await first.propose({
      argv: ['nix-collect-garbage'],
      reason: 'disk 91% full',
      requestedBy: byUser('free some disk'),
    });
    expect([a.status, b.status, c.status]).toEqual(['pending', 'pending', 'pending']);

    const second = new Executor({ config, runners: new RecordingRunners() });
    const pending = second.list({ status: 'pending' });
    expect(pending.map((p) => p.id)).toEqual([1, 2, 3]);
    expect(pending.map((p) => p.argv[0])).toEqual(['systemctl', 'reboot', 'nix-collect-garbage']);
    expect(pending[0]).toMatchObject({
      hosts: ['local'],
      requestedBy: { kind: 'user', text: 'nginx returns 502 on rhiannon, please fix it' },
      explanation: expect.stringContaining('OOM kill'),
      policy: { verdict: 'approval', risk: 'low', autonomy: 'suggest' },
    });
    expect(pending[1]!.requestedBy).toMatchObject({ kind: 'issue', issueId: '12' });

    const context = second.discussion(1);
    expect(context.request.text).toBe('nginx returns 502 on rhiannon, please fix it');
    expect(context.policyNow.verdict).toBe('approval');
    expect(context.audit.map((e) => e.type)).toEqual(['proposal', 'verdict']);
    second.addDiscussionMessage(1, { role: 'user', text: 'why not reload instead?' });
    second.addDiscussionMessage(1, { role: 'assistant', text: 'reload does not restart dead workers' });
    const third = new Executor({ config, runners: new RecordingRunners() });
    expect(third.discussion(1).messages.map((m) => m.role)).toEqual(['user', 'assistant']);

    // Numbers keep counting after the restart.
    const d = await third.propose(restartNginx('again'));
    expect(d.status === 'pending' && d.action.id).toBe(4);
  });

  it('runs an approved action once, verifies it, and says who decided when asked again', async () => {
    const config = testConfig(state.dir, { autonomyLevel: 'suggest' });
    const runners = new RecordingRunners();
    const executor = new Executor({ config, runners, verifyPollMs: 50 });
    await executor.propose(restartNginx());
    const outcome = await executor.approve(1, { by: 'alice', note: 'go ahead' });
    expect(outcome.status).toBe('executed');
    if (outcome.status !== 'executed') return;
    expect(outcome.ok).toBe(true);
    expect(outcome.runs[0]!.result).toMatchObject({ exitCode: 0 });
    expect(outcome.verification[0]).toMatchObject({
      host: 'local',
      held: true,
      spec: { kind: 'unit-active', units: ['nginx'] },
    });
    // Its state when proposed, again when approved (it must still be failed for a low-risk restart), the restart, the check.
    expect(standIns.calls('systemctl')).toEqual([
      ['is-active', 'nginx'],
      ['is-active', 'nginx'],
      ['restart', 'nginx'],
      ['is-active', 'nginx'],
    ]);
    expect(executor.get(1)).toMatchObject({ status: 'succeeded', decision: { decision: 'approved', by: 'alice' } });

    await expect(executor.approve(1, { by: 'bob' })).rejects.toThrow(ActionAlreadyDecidedError);
    await expect(executor.approve(1, { by: 'bob' })).rejects.toThrow(/already approved by alice/);
    expect(() => executor.reject(1, { by: 'bob' })).toThrow(ActionAlreadyDecidedError);
    expect(changes()).toEqual([['restart', 'nginx']]);
  });

  it('rejects: nothing runs, the rejection is audited', async () => {
    const config = testConfig(state.dir, { autonomyLevel: 'suggest' });
    const executor = new Executor({ config, runners: new RecordingRunners() });
    await executor.propose(restartNginx());
    const view = executor.reject(1, { by: 'alice', note: 'I will look myself' });
    expect(view).toMatchObject({
      status: 'rejected',
      decision: { decision: 'rejected', by: 'alice', note: 'I will look myself' },
    });
    await expect(executor.approve(1, { by: 'alice' })).rejects.toThrow(/already rejected/);
    expect(changes()).toEqual([]);
    expect(executor.audit.find({ actionId: 1 }).map((e) => e.type)).toEqual(['proposal', 'verdict', 'rejection']);
  });

  it('expires after approvals.expireAfterHours: it cannot be approved, and the expiry is audited', async () => {
    let now = new Date('2025-03-01T10:00:00Z');
    const config = testConfig(state.dir, { autonomyLevel: 'suggest', approvals: { expireAfterHours: 2 } });
    const executor = new Executor({ config, runners: new RecordingRunners(), now: () => now });
    await executor.propose(restartNginx());
    await executor.propose({ argv: ['reboot'], reason: 'kernel', requestedBy: byUser('reboot when you can') });
    expect(executor.get(1).expiresAt).toBe('2025-03-01T12:00:00.000Z');

    now = new Date('2025-03-01T11:59:59Z');
    expect(executor.list({ status: 'pending' })).toHaveLength(2);
    now = new Date('2025-03-01T12:00:01Z');
    expect(executor.list({ status: 'expired' }).map((a) => a.id)).toEqual([1, 2]);
    await expect(executor.approve(1, { by: 'alice' })).rejects.toThrow(ActionExpiredError);
    expect(executor.expireDue().map((a) => a.id)).toEqual([2]);
    expect(executor.expireDue()).toEqual([]);
    expect(changes()).toEqual([]);
    expect(executor.audit.find({ type: 'expiry' }).map((e) => e.actionId)).toEqual([1, 2]);
    await expect(executor.approve(2, { by: 'alice' })).rejects.toThrow(ActionExpiredError);
  });

  it('asks the policy again at execution: a lowered autonomy refuses what was approved', async () => {
    const config = testConfig(state.dir, { autonomyLevel: 'suggest' });
    const executor = new Executor({ config, runners: new RecordingRunners() });
    await executor.propose(restartNginx());
    executor.updateConfig(testConfig(state.dir, { autonomyLevel: 'observe' }));
    const outcome = await executor.approve(1, { by: 'alice' });
    expect(outcome).toMatchObject({ status: 'refused', decision: { verdict: 'deny', autonomy: 'observe' } });
    expect(changes()).toEqual([]);
    expect(executor.get(1).status).toBe('refused');
    expect(executor.audit.find({ actionId: 1 }).map((e) => e.type)).toEqual([
      'proposal',
      'verdict',
      'approval',
      'execution-refused',
    ]);
  });

  it('asks the policy again at execution: a unit that became critical is not stopped', async () => {
    const config = testConfig(state.dir, { autonomyLevel: 'suggest' });
    const executor = new Executor({ config, runners: new RecordingRunners() });
    await executor.propose({
      argv: ['systemctl', 'stop', 'postgresql'],
      reason: 'runaway queries',
      requestedBy: byUser('stop the database'),
    });
    executor.updateConfig(testConfig(state.dir, { autonomyLevel: 'suggest', criticalServices: ['postgresql'] }));
    const outcome = await executor.approve(1, { by: 'alice' });
    expect(outcome).toMatchObject({ status: 'refused', decision: { risk: 'forbidden' } });
    expect(changes()).toEqual([]);
  });

  it('asks the host again at execution: a unit that recovered meanwhile is no longer a low-risk restart', async () => {
    const config = testConfig(state.dir, { autonomyLevel: 'suggest' });
    const executor = new Executor({ config, runners: new RecordingRunners() });
    const proposed = await executor.propose(restartNginx());
    expect(proposed).toMatchObject({
      status: 'pending',
      decision: { risk: 'low', reason: expect.stringContaining('failed now') },
    });
    standIns.set('systemctl', { script: 'case "$1" in is-active) echo active;; esac; exit 0' });
    const outcome = await executor.approve(1, { by: 'alice' });
    expect(outcome).toMatchObject({
      status: 'refused',
      decision: { reason: expect.stringContaining('its risk is now medium') },
    });
    expect(changes()).toEqual([]);
  });

  it('asks the policy again at execution: a risk graver than the approved one is refused', async () => {
    const config = testConfig(state.dir, { autonomyLevel: 'suggest' });
    const executor = new Executor({ config, runners: new RecordingRunners() });
    await executor.propose(restartNginx());
    executor.updateConfig(testConfig(state.dir, { autonomyLevel: 'suggest', criticalServices: ['nginx'] }));
    const outcome = await executor.approve(1, { by: 'alice' });
    expect(outcome.status).toBe('refused');
    expect(outcome.decision.reason).toContain('graver');
  });

  it('runs what the autonomy allows without storing it', async () => {
    const config = testConfig(state.dir, { autonomyLevel: 'auto-safe' });
    const executor = new Executor({ config, runners: new RecordingRunners(), verifyPollMs: 50 });
    const outcome = await executor.propose(restartNginx());
    expect(outcome).toMatchObject({ status: 'executed', ok: true, decision: { verdict: 'run', risk: 'low' } });
    expect(executor.list()).toEqual([]);
    expect(executor.audit.find({ ref: outcome.ref }).map((e) => e.type)).toEqual([
      'proposal',
      'verdict',
      'execution',
      'verification',
    ]);
  });

  it('says clearly when an action number does not exist', async () => {
    const executor = new Executor({ config: testConfig(state.dir), runners: new RecordingRunners() });
    expect(() => executor.get(42)).toThrow(ActionNotFoundError);
    await expect(executor.approve(42, { by: 'alice' })).rejects.toThrow(/no action #42/);
  });
});
