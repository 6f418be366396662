/**
 * The cycle records `status` shows: `<stateDir>/cycles.jsonl`, one JSON line per cycle, the
 * latest `keep` of them (older lines are dropped when the file is rewritten at start).
 */
import { appendFileSync, readFileSync } from 'node:fs';
import { type CycleRecord, cycleRecordSchema } from '@ai-sysadmin/core';
import { replaceFileSync } from '@ai-sysadmin/core';

export class CycleLog {
  private records: CycleRecord[] = [];

  constructor(
    readonly path: string,
    private readonly keep = 1000,
  ) {
    let text = '';
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      // first start
    }
    for (const line of text.split('\n')) {
      if (!line) continue;
      try {
        this.records.push(cycleRecordSchema.parse(JSON.parse(line)));
      } catch {
        // a torn last line after a crash, or a record of an older version
      }
    }
    this.records = this.records.slice(-keep);
    replaceFileSync(path, this.records.map((r) => `${JSON.stringify(r)}\n`).join(''));
  }

  /** The number the last cycle had; 0 before the first. */
  lastNumber(): number {
    return this.records.at(-1)?.cycle ?? 0;
  }

  last(): CycleRecord | null {
    return this.records.at(-1) ?? null;
  }

  recent(count: number): CycleRecord[] {
    return this.records.slice(-count);
  }

  append(record: CycleRecord): void {
    appendFileSync(this.path, `${JSON.stringify(record)}\n`, { mode: 0o640 });
    this.records.push(record);
    if (this.records.length > this.keep * 2) this.records = this.records.slice(-this.keep);
  }
}
