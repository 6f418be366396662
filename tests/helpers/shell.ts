import { spawnSync } from 'node:child_process';
import { tempDir } from '../rig/index.js';

const scratch = tempDir('ai-sysadmin-shell');

/** Runs a line in a real shell and returns the words `printf '%s\0'` printed for it. */
export function wordsFromShell(shell: string, line: string): string[] {
  const result = spawnSync(shell, ['-c', line], { cwd: scratch, env: { PATH: '/usr/bin:/bin', LC_ALL: 'C.UTF-8' } });
  if (result.status !== 0) throw new Error(`${shell} -c failed (${result.status}): ${result.stderr.toString()}`);
  const parts = result.stdout.toString('utf8').split('\0');
  parts.pop();
  return parts;
}
