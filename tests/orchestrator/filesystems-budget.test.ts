/**
 * The filesystems part's budget on a reader that asks statvfs: statvfs goes out after every other
 * reading of the session, so the part's time counts from then. On a loaded host whose other
 * readings answer slowly the disks are still read; a mount whose statvfs never answers is still a
 * timeout of this part alone, within its budget of being asked.
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sleep } from '@ai-sysadmin/core';
import { type HostAccess, collectSnapshot } from '@ai-sysadmin/orchestrator/health';
import type { CommandResult, FileReader, FsStats } from '@ai-sysadmin/executor/runner';

const WINDOW = { since: new Date(Date.now() - 300_000), description: 'in the last 300 s' };
const DISK: FsStats = {
  frsize: 4096,
  blocks: 1_000_000,
  bfree: 400_000,
  bavail: 350_000,
  files: 65_536,
  ffree: 60_000,
};

/**
 * This machine's files, through a reader that answers the CPU sample's second reading after
 * `sampleDelayMs` (a loaded host), and statvfs after `statvfsDelayMs` (Infinity: never).
 */
function slowHost(options: { sampleDelayMs: number; statvfsDelayMs: number }): HostAccess & { statvfsAskedAt: number } {
  const started = performance.now();
  let readings = 0;
  const reader: FileReader = {
    async readFiles(paths) {
      // The first reading is the /proc and /etc files; the next with /proc/stat is the sample's.
      if (paths.includes('/proc/stat') && readings++ > 0) await sleep(options.sampleDelayMs);
      const files = new Map<string, string>();
      for (const path of paths) if (existsSync(path)) files.set(path, readFileSync(path, 'utf8'));
      return files;
    },
    listDir: async () => null,
    readLink: async () => null,
    async statFs(paths) {
      access.statvfsAskedAt = performance.now() - started;
      if (options.statvfsDelayMs === Infinity) return new Promise<never>(() => {});
      await sleep(options.statvfsDelayMs);
      return new Map(paths.map((p) => [p, DISK]));
    },
    close: async () => {},
  };
  const access = {
    host: 'slow1',
    kind: 'local' as const,
    address: 'localhost',
    statvfsAskedAt: NaN,
    // Every program is missing: only the file readings matter here.
    run: async (argv: readonly string[]): Promise<CommandResult> => ({
      host: 'slow1',
      argv,
      exitCode: 127,
      signal: null,
      stdout: '',
      stderr: `${argv[0]}: command not found\n`,
      stdoutBytes: 0,
      stderrBytes: 0,
      truncated: false,
      timedOut: false,
      durationMs: 1,
    }),
    openFiles: async () => reader,
  };
  return access;
}

describe('the filesystems part on a host whose other readings are slow', () => {
  it('reads the disks though the readings before statvfs took longer than its budget', async () => {
    const host = slowHost({ sampleDelayMs: 1500, statvfsDelayMs: 50 });
    const s = await collectSnapshot(host, { journalWindow: WINDOW, budgets: { filesystems: 1000 } });
    expect(host.statvfsAskedAt).toBeGreaterThan(1500);
    expect(s.parts.cpu.status).toBe('ok');
    expect(s.parts.filesystems).toMatchObject({ status: 'ok' });
    expect(s.parts.filesystems.status === 'ok' && s.parts.filesystems.data[0]).toMatchObject({
      sizeBytes: 4096 * 1_000_000,
      usedPct: 63.2,
    });
  });

  it('is a timeout of its own, within its budget of asking, when statvfs never answers', async () => {
    const host = slowHost({ sampleDelayMs: 300, statvfsDelayMs: Infinity });
    const s = await collectSnapshot(host, { journalWindow: WINDOW, budgets: { filesystems: 1000 } });
    expect(s.parts.filesystems).toMatchObject({
      status: 'unavailable',
      cause: 'timeout',
      reason: expect.stringMatching(/filesystems did not finish within 1 s/),
    });
    expect(s.parts.filesystems.durationMs).toBeGreaterThanOrEqual(1000);
    for (const name of ['cpu', 'memory', 'network', 'uptime', 'os'] as const) expect(s.parts[name].status).toBe('ok');
  });
});
