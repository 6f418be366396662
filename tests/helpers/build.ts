import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

let built = false;

/** Child processes and the CLI run the built packages: build them (incrementally) once per test file. */
export function ensureBuilt(): void {
  if (built) return;
  execFileSync('npx', ['tsc', '-b'], { cwd: REPO_ROOT, stdio: 'pipe' });
  built = true;
}
