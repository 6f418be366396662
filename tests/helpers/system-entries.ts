/** Systems as the registry lists them, for agent tests and benches: up, NixOS, nothing else known. */
import type { SystemEntry } from '@ai-sysadmin/core';

export function systemEntry(name: string, kind: SystemEntry['kind'], over: Partial<SystemEntry> = {}): SystemEntry {
  return {
    name,
    kind,
    address: kind === 'managed' ? '192.0.2.1' : null,
    os: 'NixOS 25.05',
    role: null,
    services: [],
    hardware: null,
    lastSeen: null,
    status: 'up',
    ...over,
  };
}
