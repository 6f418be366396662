/**
 * A snapshot of this machine, for real: a container without systemd, journald, GPU or Nix. Every
 * part either has data or says exactly why not, and the snapshot is valid against the shared schema.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hostSnapshotSchema, parseConfig } from '@ai-sysadmin/core';
import { LocalHostAccess, collectSnapshot, runCheck, type HostRunOptions } from '@ai-sysadmin/orchestrator';
import { fixture } from '../helpers/fixtures.js';
import { tempDir } from '../rig/index.js';

const window = { since: new Date(Date.now() - 300_000), description: 'the last 300 s (checkInterval)' };

describe('local snapshot', () => {
  it('collects this machine and says what it lacks instead of failing', async () => {
    const s = await collectSnapshot(new LocalHostAccess(), { journalWindow: window });
    expect(hostSnapshotSchema.parse(s)).toEqual(s);
    expect(s).toMatchObject({ host: 'local', address: 'localhost', status: 'up', down: null });
    const { parts } = s;
    expect(parts.os).toMatchObject({ status: 'ok', data: { id: 'debian', family: 'debian' } });
    expect(parts.cpu).toMatchObject({ status: 'ok', data: { cores: expect.any(Number) } });
    if (parts.cpu.status === 'ok') expect(parts.cpu.data.perCorePct).toHaveLength(parts.cpu.data.cores);
    expect(parts.memory.status).toBe('ok');
    expect(parts.filesystems).toMatchObject({
      status: 'ok',
      data: expect.arrayContaining([expect.objectContaining({ mount: '/' })]),
    });
    expect(parts.processes).toMatchObject({ status: 'ok', data: { total: expect.any(Number) } });
    expect(parts.uptime.status).toBe('ok');
    expect(parts.network.status).toBe('ok');
    // A container: no systemd as PID 1, so no journal either; no Nix; no GPU.
    expect(parts.systemd).toMatchObject({
      status: 'unavailable',
      cause: 'absent',
      reason: expect.stringContaining('systemd is not running on local'),
    });
    expect(parts.journal).toMatchObject({
      status: 'unavailable',
      cause: 'absent',
      reason: expect.stringContaining('journald is not running'),
    });
    // Nix may be installed on the test machine itself (Debian's nix-bin, for the module checks).
    if (existsSync('/nix/store')) {
      expect(parts.nix).toMatchObject({ status: 'ok', data: { storeBytes: expect.any(Number) } });
    } else {
      expect(parts.nix).toMatchObject({
        status: 'unavailable',
        cause: 'absent',
        reason: 'local has no Nix store (/nix/store does not exist)',
      });
    }
    expect(parts.gpus).toMatchObject({
      status: 'ok',
      data: { gpus: [], sources: [] },
      notes: [expect.stringMatching(/^no GPU found \(nvidia-smi is not installed; rocm-smi is not installed/)],
    });
  });

  it('reports a part that runs past its budget as unavailable, and still delivers the rest', async () => {
    const s = await collectSnapshot(new LocalHostAccess(), { journalWindow: window, budgets: { filesystems: 1 } });
    expect(s.parts.filesystems).toMatchObject({
      status: 'unavailable',
      cause: 'timeout',
      reason: 'filesystems did not finish within 1 ms',
    });
    expect(s.parts.memory.status).toBe('ok');
    expect(s.parts.os.status).toBe('ok');
  });

  it('reads AMD cards from sysfs where rocm-smi is not installed (synthetic sysfs, see its sidecar)', async () => {
    // This machine has no /sys/class/drm: the same collector reads a copy of an amdgpu sysfs tree instead.
    const root = tempDir('sysfs');
    const files = JSON.parse(fixture('amd-sysfs/radeon-and-intel-igpu.synthetic.json')) as Record<string, string>;
    for (const [path, content] of Object.entries(files)) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), content);
    }
    class RootedAccess extends LocalHostAccess {
      override readFiles(paths: readonly string[], options: HostRunOptions) {
        return super
          .readFiles(
            paths.map((p) => (p.startsWith('/sys/') ? join(root, p) : p)),
            options,
          )
          .then((m) => new Map([...m].map(([p, v]) => [p.startsWith(root) ? p.slice(root.length) : p, v])));
      }
      override listDir(path: string, options: HostRunOptions) {
        return super.listDir(path.startsWith('/sys/') ? join(root, path) : path, options);
      }
    }
    const s = await collectSnapshot(new RootedAccess(), { journalWindow: window });
    expect(s.parts.gpus).toMatchObject({
      status: 'ok',
      data: { sources: ['sysfs'], gpus: [{ vendor: 'amd', index: 1, temperatureC: 52, utilizationPct: 37 }] },
    });
  });

  it('checks this machine as a whole: a report with no findings on a healthy container', async () => {
    const config = parseConfig({});
    const report = await runCheck({ config, hosts: ['local'] });
    expect(report.hosts.map((h) => h.host)).toEqual(['local']);
    expect(report.findings.filter((f) => f.rule === 'host-down')).toEqual([]);
  });
});
