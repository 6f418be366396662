/** Snapshots built by hand for the findings rules: every part unavailable unless given. */
import type { HostSnapshot, SnapshotParts } from '@ai-sysadmin/core';

const notCollected = {
  status: 'unavailable' as const,
  durationMs: 0,
  cause: 'absent' as const,
  reason: 'not part of this test',
};

export function ok<T>(data: T) {
  return { status: 'ok' as const, durationMs: 1, data, notes: [] as string[] };
}

export function snapshot(host: string, parts: Partial<SnapshotParts>): HostSnapshot {
  return {
    host,
    address: host === 'local' ? 'localhost' : `${host}:22`,
    status: 'up',
    down: null,
    collectedAt: '2025-01-01T00:00:00.000Z',
    durationMs: 1,
    parts: {
      os: notCollected,
      cpu: notCollected,
      memory: notCollected,
      filesystems: notCollected,
      network: notCollected,
      uptime: notCollected,
      processes: notCollected,
      systemd: notCollected,
      journal: notCollected,
      gpus: notCollected,
      nix: notCollected,
      ...parts,
    },
  };
}
