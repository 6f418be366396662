/** "Since the last check": the last check time per host, kept in stateDir, and the fallback when it cannot be. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHECK_STATE_FILE, CheckStateStore } from '@ai-sysadmin/orchestrator';
import { tempDir } from '../rig/index.js';

const now = new Date('2025-03-01T12:00:00.000Z');

describe('CheckStateStore', () => {
  it('creates a missing state directory, starts with checkInterval, then counts from the recorded check', async () => {
    const dir = join(tempDir('state'), 'nested', 'ai-sysadmin');
    const store = new CheckStateStore(dir, 300);
    await store.open();
    expect(store.journalWindow('web1', now)).toEqual({
      since: new Date('2025-03-01T11:55:00.000Z'),
      description: 'the last 300 s (checkInterval): no earlier check of this host is recorded',
    });
    expect(await store.record(['web1'], now)).toBeUndefined();
    expect(JSON.parse(readFileSync(join(dir, CHECK_STATE_FILE), 'utf8'))).toEqual({
      lastCheck: { web1: now.toISOString() },
    });

    const next = new CheckStateStore(dir, 300);
    await next.open();
    const later = new Date('2025-03-01T13:00:00.000Z');
    expect(next.journalWindow('web1', later)).toEqual({
      since: now,
      description: `since the last check at ${now.toISOString()}`,
    });
    expect(next.journalWindow('web2', later).description).toContain('no earlier check');
  });

  it('reaches back at most 24 hours', async () => {
    const dir = tempDir('state');
    writeFileSync(join(dir, CHECK_STATE_FILE), JSON.stringify({ lastCheck: { web1: '2025-01-01T00:00:00.000Z' } }));
    const store = new CheckStateStore(dir, 300);
    await store.open();
    expect(store.journalWindow('web1', now)).toEqual({
      since: new Date('2025-02-28T12:00:00.000Z'),
      description: 'the last 24 h (the last check, at 2025-01-01T00:00:00.000Z, is longer ago)',
    });
  });

  it('falls back to checkInterval, and says why, when the state directory cannot be written', async () => {
    const file = join(tempDir('state'), 'a-file');
    writeFileSync(file, 'not a directory');
    const store = new CheckStateStore(join(file, 'ai-sysadmin'), 120);
    await store.open();
    const window = store.journalWindow('web1', now);
    expect(window.since).toEqual(new Date('2025-03-01T11:58:00.000Z'));
    expect(window.description).toMatch(
      /^the last 120 s \(checkInterval\): .*a-file\/ai-sysadmin cannot be written \(ENOTDIR\), so the time of the last check is not kept$/,
    );
    expect(await store.record(['web1'], now)).toMatch(/cannot be written/);
  });

  it('starts afresh from a damaged state file', async () => {
    const dir = tempDir('state');
    writeFileSync(join(dir, CHECK_STATE_FILE), '{"lastCheck": {"web1": 12');
    const store = new CheckStateStore(dir, 300);
    await store.open();
    expect(store.journalWindow('web1', now).description).toContain('no earlier check');
  });
});
