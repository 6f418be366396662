/** Two real processes approve the same actions at the same moment: each action runs exactly once. */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Executor } from '@ai-sysadmin/executor';
import { ensureBuilt, REPO_ROOT } from '../helpers/build.js';
import { type LocalStandIns, installLocalStandIns } from '../helpers/local-stand-ins.js';
import { RecordingRunners, byUser, tempStateDir, testConfig } from '../helpers/executor-fixtures.js';

const ROUNDS = 12;
let state: ReturnType<typeof tempStateDir>;
let standIns: LocalStandIns;

beforeAll(() => {
  ensureBuilt();
  state = tempStateDir();
  // Every unit is failed before its restart and active after it (a restart of a failed unit is low risk).
  standIns = installLocalStandIns({});
  const marks = standIns.dir;
  standIns.set('systemctl', {
    script: `case "$1" in is-active) shift; for u in "$@"; do if [ -e ${marks}/$u.up ]; then echo active; else echo failed; fi; done;; restart) : > ${marks}/$2.up;; esac; exit 0`,
  });
});
afterAll(() => {
  standIns.remove();
  state.remove();
});

function startApprover(
  goFile: string,
  ids: number[],
): { ready: Promise<void>; done: Promise<Array<{ id: number; outcome?: string; code?: string }>> } {
  const child = spawn(
    process.execPath,
    [join(REPO_ROOT, 'tests/executor/children/approve-all.mjs'), state.dir, goFile, ...ids.map(String)],
    {
      cwd: REPO_ROOT,
      env: process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  let err = '';
  let markReady: () => void;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    if (out.startsWith('ready\n')) markReady();
  });
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const done = new Promise<Array<{ id: number; outcome?: string; code?: string }>>((resolve, reject) => {
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`approver exited ${code}: ${err}`));
      else
        resolve(
          out
            .split('\n')
            .slice(1)
            .filter(Boolean)
            .map((l) => JSON.parse(l)),
        );
    });
  });
  return { ready, done };
}

describe('two processes approving the same actions', () => {
  it('run each action exactly once; the loser is told it was already approved', async () => {
    const executor = new Executor({
      config: testConfig(state.dir, { autonomyLevel: 'suggest' }),
      runners: new RecordingRunners(),
    });
    for (let i = 1; i <= ROUNDS; i++) {
      const outcome = await executor.propose({
        argv: ['systemctl', 'restart', `app${i}`],
        reason: 'failed',
        requestedBy: byUser(`restart app${i}`),
      });
      expect(outcome.status).toBe('pending');
    }
    const ids = Array.from({ length: ROUNDS }, (_, i) => i + 1);
    const goFile = join(state.dir, 'go');
    // One approves in order, the other in reverse, so they collide in the middle as well as at the ends.
    const a = startApprover(goFile, ids);
    const b = startApprover(goFile, [...ids].reverse());
    await Promise.all([a.ready, b.ready]);
    writeFileSync(goFile, '');
    const results = [...(await a.done), ...(await b.done)];

    for (const id of ids) {
      const forId = results.filter((r) => r.id === id);
      expect(forId).toHaveLength(2);
      expect(
        forId.filter((r) => r.outcome === 'executed'),
        `action ${id}`,
      ).toHaveLength(1);
      expect(
        forId.filter((r) => r.code === 'ACTION_ALREADY_DECIDED'),
        `action ${id}`,
      ).toHaveLength(1);
      expect(
        standIns.calls('systemctl').filter((c) => c[0] === 'restart' && c[1] === `app${id}`),
        `app${id}`,
      ).toHaveLength(1);
      expect(executor.get(id).status).toBe('succeeded');
    }
    const approvals = executor.audit.find({ type: 'approval' });
    expect(approvals).toHaveLength(ROUNDS);
    expect(new Set(approvals.map((e) => e.actionId)).size).toBe(ROUNDS);
    // Both processes won some: the race was real, not one process running alone.
    const winners = new Set(approvals.map((e) => e.actor));
    expect(winners.size).toBe(2);
  });
});
