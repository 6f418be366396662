import { appendFileSync, mkdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuditLog, AuditWriteError, Executor } from '@ai-sysadmin/executor';
import { type LocalStandIns, installLocalStandIns } from '../helpers/local-stand-ins.js';
import { RecordingRunners, byUser, tempStateDir, testConfig } from '../helpers/executor-fixtures.js';

let state: ReturnType<typeof tempStateDir>;
let standIns: LocalStandIns;

beforeEach(() => {
  state = tempStateDir();
  standIns = installLocalStandIns({ uptime: { stdout: ' 10:00:00 up 3 days,  load average: 0.10, 0.20, 0.30\n' } });
});
afterEach(() => {
  standIns.remove();
  state.remove();
});

const ask = (n: number) => ({ argv: ['uptime'], reason: `check ${n}`, requestedBy: byUser(`how is the load? (${n})`) });

describe('the audit log', () => {
  it('keeps every entry of a run as one JSON line each', async () => {
    const executor = new Executor({
      config: testConfig(state.dir, { autonomyLevel: 'observe' }),
      runners: new RecordingRunners(),
    });
    await executor.propose(ask(1));
    const lines = readFileSync(executor.audit.path, 'utf8').split('\n');
    expect(lines.pop()).toBe('');
    expect(lines.map((l) => JSON.parse(l).type)).toEqual(['proposal', 'verdict', 'execution']);
    expect(lines.map((l) => JSON.parse(l).request.text)).toEqual(Array(3).fill('how is the load? (1)'));
  });

  it('skips a torn last line after a crash, and the next entry starts on a line of its own', async () => {
    const config = testConfig(state.dir, { autonomyLevel: 'observe' });
    const before = new Executor({ config, runners: new RecordingRunners() });
    for (let i = 1; i <= 3; i++) await before.propose(ask(i));
    const path = before.audit.path;
    const intact = readFileSync(path, 'utf8');
    // The crash: the process died in the middle of writing an entry.
    const lastLine = intact.trimEnd().split('\n').at(-1)!;
    appendFileSync(path, lastLine.slice(0, Math.floor(lastLine.length / 2)));

    const replay = new AuditLog(path).read();
    expect(replay.entries).toHaveLength(9);
    expect(replay.skipped).toEqual([{ line: 10, kind: 'torn', text: expect.any(String) }]);

    // A new process goes on appending after the crash.
    const after = new Executor({ config, runners: new RecordingRunners() });
    await after.propose(ask(4));
    const { entries, skipped } = after.audit.read();
    expect(entries).toHaveLength(12);
    expect(entries.map((e) => e.request?.text)).toEqual(
      [1, 2, 3, 4].flatMap((n) => Array(3).fill(`how is the load? (${n})`)),
    );
    // The torn fragment is now a corrupt line in the middle, skipped and reported, never merged with a good entry.
    expect(skipped).toEqual([{ line: 10, kind: 'corrupt', text: expect.any(String) }]);
    expect(readFileSync(path, 'utf8').startsWith(intact)).toBe(true);
  });

  it('survives a file cut at any byte: complete entries are never lost or changed', async () => {
    const executor = new Executor({
      config: testConfig(state.dir, { autonomyLevel: 'observe' }),
      runners: new RecordingRunners(),
    });
    for (let i = 1; i <= 2; i++) await executor.propose(ask(i));
    const full = readFileSync(executor.audit.path);
    const all = new AuditLog(executor.audit.path).read().entries;
    for (let cut = 0; cut <= full.length; cut += 7) {
      writeFileSync(executor.audit.path, full.subarray(0, cut));
      const { entries } = new AuditLog(executor.audit.path).read();
      const complete = full.subarray(0, cut).toString('utf8').split('\n').length - 1;
      expect(entries).toEqual(all.slice(0, complete));
    }
    truncateSync(executor.audit.path, 0);
    expect(new AuditLog(executor.audit.path).read()).toEqual({ entries: [], skipped: [] });
  });

  it('runs nothing that it cannot audit', async () => {
    const executor = new Executor({
      config: testConfig(state.dir, { autonomyLevel: 'suggest' }),
      runners: new RecordingRunners(),
    });
    rmSync(executor.audit.path, { force: true });
    mkdirSync(executor.audit.path); // a directory where the log should be: every append fails
    await expect(executor.propose(ask(1))).rejects.toThrow(AuditWriteError);
    await expect(
      executor.propose({ argv: ['systemctl', 'restart', 'nginx'], reason: 'x', requestedBy: byUser('restart nginx') }),
    ).rejects.toThrow(/audit log/);
    expect(standIns.allCalls()).toEqual([]);
    expect(executor.list({ status: 'pending' })).toEqual([]);
    expect(executor.list()[0]).toMatchObject({ status: 'refused' });
    await expect(executor.approve(1, { by: 'alice' })).rejects.toThrow();
  });

  it('finds entries by action, host, type and words of the command', async () => {
    const executor = new Executor({
      config: testConfig(state.dir, { autonomyLevel: 'suggest' }),
      runners: new RecordingRunners(),
    });
    await executor.propose(ask(1));
    await executor.propose({
      argv: ['systemctl', 'restart', 'nginx'],
      reason: 'x',
      requestedBy: byUser('restart nginx'),
    });
    expect(executor.audit.find({ actionId: 1 }).map((e) => e.type)).toEqual(['proposal', 'verdict']);
    expect(executor.audit.find({ argvIncludes: ['restart', 'nginx'] })).toHaveLength(2);
    expect(executor.audit.find({ host: 'local', type: 'execution' })).toHaveLength(1);
    expect(executor.audit.find({ host: 'web1' })).toEqual([]);
    expect(join(state.dir, 'audit.jsonl')).toBe(executor.audit.path);
  });
});
