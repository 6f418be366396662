/**
 * Where the tracker keeps its working state: one JSON file per issue in `<stateDir>/issues/`,
 * replaced atomically on every change (temporary file, fsync, rename), so a crash leaves every
 * issue whole. The daemon is the only writer; everything is read once at start and kept in memory.
 */
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Issue, type Logger, issueSchema, errorMessage } from '@ai-sysadmin/core';
import { replaceFileSync } from '@ai-sysadmin/core';

export class IssueStore {
  private readonly issues = new Map<number, Issue>();
  private highest = 0;

  constructor(
    readonly dir: string,
    logger?: Logger,
  ) {
    mkdirSync(dir, { recursive: true, mode: 0o750 });
    for (const name of readdirSync(dir)) {
      const match = /^([1-9][0-9]*)\.json$/.exec(name);
      if (!match) continue;
      const path = join(dir, name);
      try {
        const issue = issueSchema.parse(JSON.parse(readFileSync(path, 'utf8')));
        this.issues.set(issue.id, issue);
      } catch (error) {
        logger?.error(
          { path, err: errorMessage(error) },
          'an issue file cannot be read; it is left as it is and its number is not reused',
        );
      }
      this.highest = Math.max(this.highest, Number(match[1]));
    }
  }

  nextId(): number {
    return this.highest + 1;
  }

  get(id: number): Issue | undefined {
    return this.issues.get(id);
  }

  all(): Issue[] {
    return [...this.issues.values()].sort((a, b) => a.id - b.id);
  }

  /** Writes the issue (new or changed) durably, then keeps it. */
  save(issue: Issue): void {
    replaceFileSync(join(this.dir, `${issue.id}.json`), `${JSON.stringify(issue, null, 1)}\n`);
    this.issues.set(issue.id, issue);
    this.highest = Math.max(this.highest, issue.id);
  }
}
