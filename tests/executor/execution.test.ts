/**
 * Local execution: spawn with an argv through the LocalRunner, time limits, the output cap with
 * the rest kept in <stateDir>/tool_cache/, the check after an action, symlinks resolved before a read.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Executor, parseDfCapacity } from '@ai-sysadmin/executor';
import { type LocalStandIns, installLocalStandIns } from '../helpers/local-stand-ins.js';
import { RecordingRunners, byUser, tempStateDir, testConfig } from '../helpers/executor-fixtures.js';
import { REPO_ROOT } from '../helpers/build.js';

const DF_ONE = join(REPO_ROOT, 'tests/fixtures/df/df_one-filesystem.synthetic.txt');
let state: ReturnType<typeof tempStateDir>;
let standIns: LocalStandIns;

beforeEach(() => {
  state = tempStateDir();
  standIns = installLocalStandIns({});
});
afterEach(() => {
  standIns.remove();
  state.remove();
});

describe('local execution', () => {
  it('ends a command at execution.timeoutSec and says so', async () => {
    standIns.set('slowtool', { script: 'sleep 30' });
    const config = testConfig(state.dir, {
      autonomyLevel: 'auto-full',
      execution: { timeoutSec: 1 },
      extraAllowedCommands: [{ program: 'slowtool', risk: 'read-only' }],
    });
    const executor = new Executor({ config, runners: new RecordingRunners() });
    const outcome = await executor.propose({
      argv: ['slowtool'],
      reason: 'test',
      requestedBy: byUser('run the slow tool'),
    });
    expect(outcome.status).toBe('executed');
    if (outcome.status !== 'executed') return;
    expect(outcome.ok).toBe(false);
    expect(outcome.runs[0]!.result).toMatchObject({ timedOut: true, exitCode: null });
    expect(executor.audit.find({ type: 'execution' })[0]!.result).toMatchObject({ timedOut: true });
  });

  it('caps the output and keeps all of it in the ToolCache under <stateDir>/tool_cache/, by id', async () => {
    standIns.set('bigtool', {
      script: 'i=0; while [ $i -lt 3000 ]; do echo "line $i of a long report"; i=$((i+1)); done',
    });
    const config = testConfig(state.dir, {
      autonomyLevel: 'auto-full',
      execution: { maxOutputBytes: 1024 },
      extraAllowedCommands: [{ program: 'bigtool', risk: 'read-only' }],
    });
    const executor = new Executor({ config, runners: new RecordingRunners() });
    const outcome = await executor.propose({
      argv: ['bigtool'],
      reason: 'test',
      requestedBy: byUser('show the report'),
    });
    if (outcome.status !== 'executed') throw new Error(outcome.status);
    const run = outcome.runs[0]!;
    const result = run.result!;
    expect(result.truncated).toBe(true);
    expect(Buffer.byteLength(result.stdout)).toBeLessThanOrEqual(1024);
    expect(run.cached?.stdout).toMatch(/^tc_/);
    expect(run.cached?.stderr).toBeUndefined();
    expect(executor.toolCache.dir).toBe(join(state.dir, 'tool_cache'));
    const full = await executor.toolCache.read(run.cached!.stdout!);
    expect(full.split('\n').filter(Boolean)).toHaveLength(3000);
    expect(Buffer.byteLength(full)).toBe(result.stdoutBytes);
    expect((await executor.toolCache.info(run.cached!.stdout!)).label).toBe('bigtool on local (stdout)');
    expect((await executor.toolCache.page(run.cached!.stdout!, 1)).firstLine).toBe(1);
    // The runner's staging file is gone; what is left is the cache entry.
    expect(readdirSync(executor.spillDir)).toEqual([]);
    expect(executor.audit.find({ type: 'execution' })[0]!.result).toMatchObject({
      truncated: true,
      cached: { stdout: run.cached!.stdout },
    });
  });

  it('stops a command whose output reaches execution.maxOutputTotalMiB, and says its output was cut', async () => {
    standIns.set('chatty', {
      script: 'while :; do echo "the same line again and again"; echo "and on stderr" >&2; done',
    });
    const config = testConfig(state.dir, {
      autonomyLevel: 'auto-full',
      execution: { maxOutputBytes: 1024, maxOutputTotalMiB: 1, timeoutSec: 120 },
      extraAllowedCommands: [{ program: 'chatty', risk: 'read-only' }],
    });
    const executor = new Executor({ config, runners: new RecordingRunners() });
    const outcome = await executor.propose({ argv: ['chatty'], reason: 'test', requestedBy: byUser('run it') });
    if (outcome.status !== 'executed') throw new Error(outcome.status);
    const run = outcome.runs[0]!;
    expect(run.result).toMatchObject({ outputLimited: true, truncated: true, timedOut: false });
    expect(run.result!.stdoutBytes + run.result!.stderrBytes).toBe(1024 * 1024);
    expect(outcome.ok).toBe(false);
    expect(executor.audit.find({ type: 'execution' })[0]!.result).toMatchObject({ outputLimited: true });
  });

  it('records exit code and duration, and stderr of a failed command', async () => {
    standIns.set('systemctl', {
      script: `case "$1" in is-active) echo failed; exit 3;; esac; echo 'Failed to restart nginx.service: Unit nginx.service not found.' >&2; exit 5`,
    });
    const config = testConfig(state.dir, { autonomyLevel: 'auto-safe', execution: { verifyTimeoutSec: 1 } });
    const executor = new Executor({ config, runners: new RecordingRunners(), verifyPollMs: 100 });
    const outcome = await executor.propose({
      argv: ['systemctl', 'restart', 'nginx'],
      reason: 'test',
      requestedBy: byUser('restart nginx'),
    });
    if (outcome.status !== 'executed') throw new Error(outcome.status);
    expect(outcome.ok).toBe(false);
    expect(outcome.runs[0]!.result).toMatchObject({ exitCode: 5, stderr: expect.stringContaining('not found') });
    expect(outcome.runs[0]!.result!.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('reports a verification that fails: the unit did not come back', async () => {
    standIns.set('systemctl', { script: 'case "$1" in restart) exit 0;; is-active) echo failed; exit 3;; esac' });
    const config = testConfig(state.dir, { autonomyLevel: 'suggest', execution: { verifyTimeoutSec: 1 } });
    const executor = new Executor({ config, runners: new RecordingRunners(), verifyPollMs: 200 });
    await executor.propose({
      argv: ['systemctl', 'restart', 'nginx'],
      reason: 'nginx failed',
      requestedBy: byUser('get nginx running again'),
    });
    const outcome = await executor.approve(1, { by: 'alice' });
    if (outcome.status !== 'executed') throw new Error(outcome.status);
    expect(outcome.runs[0]!.result!.exitCode).toBe(0);
    expect(outcome.ok).toBe(false);
    expect(outcome.verification).toEqual([
      expect.objectContaining({ host: 'local', held: false, detail: expect.stringContaining('nginx is failed') }),
    ]);
    expect(executor.get(1)).toMatchObject({ status: 'failed', verification: [{ held: false }] });
    const entry = executor.audit.find({ actionId: 1, type: 'verification' })[0]!;
    expect(entry.verification).toMatchObject({ held: false });
    expect(entry.request?.text).toBe('get nginx running again');
    // It kept checking until the time was up, not just once.
    expect(standIns.calls('systemctl').filter((c) => c[0] === 'is-active').length).toBeGreaterThan(1);
  });

  it('waits for a unit that is still activating', async () => {
    // failed until the restart; then activating once, then active
    const restarted = join(standIns.dir, 'restarted');
    const flag = join(standIns.dir, 'second-check');
    standIns.set('systemctl', {
      script: `case "$1" in restart) : > ${restarted}; exit 0;; is-active) if [ ! -e ${restarted} ]; then echo failed; exit 3; fi; if [ -e ${flag} ]; then echo active; exit 0; fi; : > ${flag}; echo activating; exit 3;; esac`,
    });
    const config = testConfig(state.dir, { autonomyLevel: 'auto-safe', execution: { verifyTimeoutSec: 30 } });
    const executor = new Executor({ config, runners: new RecordingRunners(), verifyPollMs: 50 });
    const outcome = await executor.propose({
      argv: ['systemctl', 'restart', 'nginx'],
      reason: 'test',
      requestedBy: byUser('restart nginx'),
    });
    if (outcome.status !== 'executed') throw new Error(outcome.status);
    expect(outcome.verification[0]).toMatchObject({ held: true, detail: 'nginx is active' });
  });

  it('checks a freed disk is below the threshold after garbage collection', async () => {
    standIns.set('nix-collect-garbage', { stdout: '1234 store paths deleted, 10240.00 MiB freed\n' });
    standIns.set('df', { stdoutFile: DF_ONE });
    const held = new Executor({
      config: testConfig(state.dir, { autonomyLevel: 'auto-full' }),
      runners: new RecordingRunners(),
    });
    const ok = await held.propose({
      argv: ['nix-collect-garbage'],
      reason: 'disk 91% full',
      requestedBy: byUser('free disk space'),
    });
    if (ok.status !== 'executed') throw new Error(ok.status);
    expect(ok.verification[0]).toMatchObject({
      held: true,
      spec: { kind: 'disk-below', path: '/nix/store', percent: 85 },
      detail: '/nix/store is 30% full, below 85%',
    });
    expect(standIns.calls('df')).toEqual([['-P', '--', '/nix/store']]);

    const strict = new Executor({
      config: testConfig(state.dir, {
        autonomyLevel: 'auto-full',
        thresholds: { disk: { warnPct: 20, criticalPct: 95 } },
      }),
      runners: new RecordingRunners(),
    });
    const still = await strict.propose({
      argv: ['nix-collect-garbage'],
      reason: 'disk full',
      requestedBy: byUser('free disk space'),
    });
    if (still.status !== 'executed') throw new Error(still.status);
    expect(still).toMatchObject({
      ok: false,
      verification: [{ held: false, detail: '/nix/store is still 30% full, not below 20%' }],
    });
  });

  it('takes a verification asked for in the request', async () => {
    standIns.set('systemctl', {
      script: 'case "$1" in is-active) shift; for u in "$@"; do echo active; done;; esac; exit 0',
    });
    // php-fpm is running and no issue names it: its restart is medium, which auto-full runs.
    const executor = new Executor({
      config: testConfig(state.dir, { autonomyLevel: 'auto-full' }),
      runners: new RecordingRunners(),
    });
    const outcome = await executor.propose({
      argv: ['systemctl', 'restart', 'php-fpm'],
      reason: 'x',
      requestedBy: byUser('fix the site'),
      verify: { kind: 'unit-active', units: ['php-fpm', 'nginx'] },
    });
    if (outcome.status !== 'executed') throw new Error(outcome.status);
    expect(standIns.calls('systemctl').at(-1)).toEqual(['is-active', 'php-fpm', 'nginx']);
    expect(outcome.verification[0]).toMatchObject({ held: true, detail: 'php-fpm is active, nginx is active' });
  });

  it('resolves a path on the host before reading it: a symlink to a secret is refused', async () => {
    const dir = mkdtempSync(join(homedir(), 'ai-sysadmin-test-'));
    try {
      const innocent = join(dir, 'app.log');
      symlinkSync('/etc/shadow', innocent);
      const plain = join(dir, 'plain.log');
      writeFileSync(plain, 'all good\n');
      standIns.set('cat', { stdout: 'cat ran\n' });
      const runners = new RecordingRunners();
      const executor = new Executor({
        config: testConfig(state.dir, { autonomyLevel: 'auto-full', policy: { readablePaths: [dir] } }),
        runners,
      });
      const refused = await executor.propose({
        argv: ['cat', innocent],
        reason: 'read the app log',
        requestedBy: byUser('what does the app log say?'),
      });
      if (refused.status !== 'executed') throw new Error(refused.status);
      expect(refused.ok).toBe(false);
      expect(refused.runs[0]!.error).toMatchObject({
        code: 'READ_PATH_REFUSED',
        message: expect.stringContaining('/etc/shadow'),
      });
      expect(standIns.calls('cat')).toEqual([]);
      expect(runners.commands.map((c) => c.argv[0])).toEqual(['realpath']);

      const fine = await executor.propose({ argv: ['cat', plain], reason: 'read', requestedBy: byUser('read it') });
      if (fine.status !== 'executed') throw new Error(fine.status);
      expect(fine.ok).toBe(true);
      expect(standIns.calls('cat')).toEqual([[plain]]);
      expect(runners.commands.map((c) => c.argv[0])).toEqual(['realpath', 'realpath', 'stat', 'cat']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('parses the capacity column of df', () => {
    expect(parseDfCapacity(readFileSync(DF_ONE, 'utf8'))).toBe(30);
    expect(
      parseDfCapacity(
        'Filesystem 1024-blocks Used Available Capacity Mounted on\n/dev/mapper/vg-root 100 100 0 100% /mnt/my disk\n',
      ),
    ).toBe(100);
    expect(parseDfCapacity('garbage')).toBeUndefined();
  });
});
