/**
 * One cycle as the scheduler hands it out: its number, the hosts it covers (all, or the ones a
 * trigger or a check asked for), why it runs, the snapshots as they arrive (for NDJSON progress)
 * and its outcome. Whoever asks for a check while this one could serve it joins it.
 */
import { EventEmitter } from 'node:events';
import type { CheckReport, CycleReason, CycleRecord, HostSnapshot } from '@ai-sysadmin/core';

export interface CycleOutcome {
  readonly report: CheckReport;
  readonly record: CycleRecord;
}

export class CycleRun extends EventEmitter<{ host: [HostSnapshot] }> {
  readonly reasons = new Set<CycleReason>();
  readonly snapshots: HostSnapshot[] = [];
  readonly done: Promise<CycleOutcome>;
  startedAt: Date | undefined;
  private settle!: { resolve: (o: CycleOutcome) => void; reject: (e: unknown) => void };

  constructor(
    readonly number: number,
    /** The hosts to check (`local` and/or managed systems); 'all' for this machine and every managed one. */
    public hosts: 'all' | Set<string>,
    reason: CycleReason,
  ) {
    super();
    this.reasons.add(reason);
    this.done = new Promise<CycleOutcome>((resolve, reject) => (this.settle = { resolve, reject }));
    this.done.catch(() => undefined);
  }

  covers(hosts: 'all' | readonly string[]): boolean {
    if (this.hosts === 'all') return true;
    if (hosts === 'all') return false;
    const mine = this.hosts;
    return hosts.every((h) => mine.has(h));
  }

  /** Widens a cycle that has not started yet. */
  merge(hosts: 'all' | readonly string[], reason: CycleReason): void {
    this.reasons.add(reason);
    if (this.hosts === 'all') return;
    if (hosts === 'all') this.hosts = 'all';
    else for (const h of hosts) this.hosts.add(h);
  }

  hostSeen(snapshot: HostSnapshot): void {
    this.snapshots.push(snapshot);
    this.emit('host', snapshot);
  }

  resolve(outcome: CycleOutcome): void {
    this.settle.resolve(outcome);
  }

  reject(error: unknown): void {
    this.settle.reject(error);
  }
}
