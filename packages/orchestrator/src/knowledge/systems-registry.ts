/**
 * The systems registry: every machine the daemon knows, with what is known of each (OS, role,
 * services, hardware, last seen). `local` and the configured remoteSystems are `managed`; a
 * host name that only appears in log lines is a `candidate`, listed so a person can add it to
 * the config, and never an SSH target (nothing here adds to remoteSystems). It is refreshed from
 * the config (start, reload) and from every check's snapshots, and mirrored into ChromaDB's
 * `systems` collection so the agent can find a machine by what it does.
 */
import type { Config, HostSnapshot, SystemEntry } from '@ai-sysadmin/core';
import type { SystemsView } from '../agent/agent-contract.js';
import type { VectorStore } from '../vector-store/vector-store.js';
import { SYSTEMS_COLLECTION } from './knowledge-base.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** A name with a dot that looks like a host (`nas.lan`, `db01.example.org`), not a unit or a file. */
const HOST_NAME =
  /\b([a-z][a-z0-9-]{0,62}(?:\.[a-z0-9-]{1,63})*\.(?:lan|local|home|internal|intra|corp|net|org|com|io))\b/gi;
const MAX_CANDIDATES = 50;

export class SystemsRegistry implements SystemsView {
  private readonly entries = new Map<string, Mutable<SystemEntry>>();
  /** What was last written to Chroma for each entry. */
  private readonly mirrored = new Map<string, string>();

  constructor(
    config: Config,
    private readonly store?: VectorStore,
  ) {
    this.updateConfig(config);
  }

  list(): readonly SystemEntry[] {
    const rank = { local: 0, managed: 1, candidate: 2 } as const;
    return [...this.entries.values()].sort((a, b) => rank[a.kind] - rank[b.kind] || a.name.localeCompare(b.name));
  }

  updateConfig(config: Config): void {
    const managed = new Set(config.remoteSystems.map((s) => s.name));
    for (const [name, entry] of this.entries)
      if (entry.kind === 'managed' && !managed.has(name)) this.entries.delete(name);
    this.ensure('local', 'local', 'localhost', 'this machine (the assistant runs here)');
    for (const system of config.remoteSystems) {
      const entry = this.ensure(system.name, 'managed', `${system.address}:${system.port}`, null);
      if (system.os && !entry.os) entry.os = system.os;
      // A configured name that was a candidate becomes managed.
      entry.kind = 'managed';
      entry.address = `${system.address}:${system.port}`;
    }
    this.mirror([...this.entries.values()]);
  }

  /** What a check saw of each host: OS, hardware, the services it runs, when; names in its logs become candidates. */
  observe(snapshots: readonly HostSnapshot[]): void {
    const changed: SystemEntry[] = [];
    for (const s of snapshots) {
      const entry = this.entries.get(s.host);
      if (!entry) continue;
      entry.status = s.status;
      if (s.status === 'up') entry.lastSeen = s.collectedAt;
      const os = s.parts.os.status === 'ok' ? s.parts.os.data : null;
      if (os) entry.os = [os.name, os.version].filter(Boolean).join(' ') + (os.kernel ? ` (kernel ${os.kernel})` : '');
      entry.hardware = hardwareOf(s) ?? entry.hardware;
      const services = servicesOf(s);
      if (services.length) entry.services = services;
      changed.push({ ...entry });
      if (s.parts.journal.status === 'ok')
        for (const line of s.parts.journal.data.recent) changed.push(...this.candidatesIn(line.message, s.host));
    }
    this.mirror(changed);
  }

  private candidatesIn(text: string, seenOn: string): SystemEntry[] {
    const found: SystemEntry[] = [];
    const known = new Set([...this.entries.values()].flatMap((e) => [e.name, e.address?.split(':')[0]]));
    for (const match of text.matchAll(HOST_NAME)) {
      const name = match[1]!.toLowerCase();
      if (known.has(name) || known.has(name.split('.')[0]!)) continue;
      if ([...this.entries.values()].filter((e) => e.kind === 'candidate').length >= MAX_CANDIDATES) break;
      const entry = this.ensure(name, 'candidate', null, `seen in the logs of ${seenOn}`);
      found.push({ ...entry });
      known.add(name);
    }
    return found;
  }

  private ensure(
    name: string,
    kind: SystemEntry['kind'],
    address: string | null,
    role: string | null,
  ): Mutable<SystemEntry> {
    let entry = this.entries.get(name);
    if (!entry) {
      entry = { name, kind, address, os: null, role, services: [], hardware: null, lastSeen: null, status: 'unknown' };
      this.entries.set(name, entry);
    }
    return entry;
  }

  private mirror(entries: readonly SystemEntry[]): void {
    if (!this.store || entries.length === 0) return;
    const records = entries
      .map((e) => ({
        id: `system-${e.name}`,
        document: [
          `${e.name} (${e.kind})`,
          e.role ? `role: ${e.role}` : '',
          e.os ? `os: ${e.os}` : '',
          e.hardware ? `hardware: ${e.hardware}` : '',
          e.services.length ? `services: ${e.services.join(', ')}` : '',
        ]
          .filter(Boolean)
          .join('\n'),
        metadata: {
          name: e.name,
          kind: e.kind,
          address: e.address ?? '',
          status: e.status,
          lastSeen: e.lastSeen ?? '',
        },
      }))
      // What a cycle sees again unchanged is not embedded again (last seen alone is not worth a job).
      .filter((r) => {
        const key = `${r.document}\0${r.metadata.kind}\0${r.metadata.status}\0${r.metadata.address}`;
        if (this.mirrored.get(r.id) === key) return false;
        this.mirrored.set(r.id, key);
        return true;
      });
    if (records.length) this.store.upsert(SYSTEMS_COLLECTION, records);
  }
}

function hardwareOf(s: HostSnapshot): string | null {
  const parts: string[] = [];
  if (s.parts.cpu.status === 'ok') parts.push(`${s.parts.cpu.data.cores} cores`);
  if (s.parts.memory.status === 'ok') parts.push(`${(s.parts.memory.data.totalBytes / 2 ** 30).toFixed(1)} GiB memory`);
  if (s.parts.gpus.status === 'ok')
    for (const g of s.parts.gpus.data.gpus)
      parts.push(`GPU ${g.name}${g.memoryTotalMiB ? ` ${g.memoryTotalMiB} MiB` : ''}`);
  return parts.length ? parts.join(', ') : null;
}

/** What the host runs, as far as a check sees it: the busiest programs, and the units that failed. */
function servicesOf(s: HostSnapshot): string[] {
  const names = new Set<string>();
  if (s.parts.processes.status === 'ok')
    for (const p of [...s.parts.processes.data.topCpu, ...s.parts.processes.data.topMemory]) names.add(p.name);
  if (s.parts.systemd.status === 'ok')
    for (const u of s.parts.systemd.data.failedUnits) names.add(`${u.unit} (failed)`);
  return [...names].slice(0, 20);
}
