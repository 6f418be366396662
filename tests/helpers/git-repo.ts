/** A throw-away git repository for tests (a configRepo): `git(...args)` runs git in it as a fixed author. */
import { execFileSync } from 'node:child_process';
import { tempDir } from '../rig/index.js';

export interface GitRepo {
  readonly dir: string;
  git(...args: string[]): string;
}

export function gitRepo(prefix = 'git-repo'): GitRepo {
  const dir = tempDir(prefix);
  const env = {
    ...process.env,
    GIT_AUTHOR_NAME: 't',
    GIT_AUTHOR_EMAIL: 't@t',
    GIT_COMMITTER_NAME: 't',
    GIT_COMMITTER_EMAIL: 't@t',
  };
  const git = (...args: string[]) =>
    execFileSync('git', ['-C', dir, ...args], { env })
      .toString()
      .trim();
  git('init', '-q', '-b', 'main');
  return { dir, git };
}
