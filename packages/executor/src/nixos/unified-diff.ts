/**
 * Checks a proposed change to the NixOS configuration before git sees it: a git-style unified
 * diff (`a/` and `b/` paths) that only edits, adds or removes regular text files inside the
 * repository. No paths outside it, nothing under .git, no symlinks, submodules, mode changes or
 * binary patches. `git apply --check` then decides whether it applies.
 *
 * Read line by line: outside a hunk a line is a header; an `@@ -a,b +c,d @@` line opens a hunk
 * whose b old and d new lines are content, whatever they look like (a removed `--- x` line).
 */

export const MAX_DIFF_BYTES = 1024 * 1024;
export const MAX_DIFF_FILES = 50;

export interface DiffSummary {
  /** Repository-relative paths the diff touches. */
  readonly files: readonly string[];
}

export type DiffCheck =
  { readonly ok: true; readonly summary: DiffSummary } | { readonly ok: false; readonly problems: readonly string[] };

const HUNK = /^@@ -\d+(?:,(\d+))? \+\d+(?:,(\d+))? @@/;

export function checkUnifiedDiff(diff: string): DiffCheck {
  if (Buffer.byteLength(diff) > MAX_DIFF_BYTES)
    return { ok: false, problems: [`the diff is larger than ${MAX_DIFF_BYTES} bytes`] };
  if (diff.includes('\0')) return { ok: false, problems: ['the diff holds a NUL byte'] };
  const problems: string[] = [];
  const files = new Set<string>();
  let oldLeft = 0;
  let newLeft = 0;

  diff.split('\n').forEach((line, i) => {
    const at = `line ${i + 1}`;
    if (oldLeft > 0 || newLeft > 0) {
      const c = line[0];
      if (c === ' ' || line === '') {
        oldLeft--;
        newLeft--;
      } else if (c === '-') oldLeft--;
      else if (c === '+') newLeft--;
      else if (c !== '\\') problems.push(`${at}: the hunk ends early (its @@ line counts more lines than it has)`);
      return;
    }
    const hunk = HUNK.exec(line);
    if (hunk) {
      oldLeft = hunk[1] === undefined ? 1 : Number(hunk[1]);
      newLeft = hunk[2] === undefined ? 1 : Number(hunk[2]);
      return;
    }
    if (/^(---|\+\+\+) /.test(line)) {
      const raw = line.slice(4).split('\t')[0]!.trim();
      if (raw === '/dev/null') return;
      const prefix = line.startsWith('---') ? 'a/' : 'b/';
      if (!raw.startsWith(prefix)) {
        problems.push(`${at}: the path ${JSON.stringify(raw)} must start with ${prefix} (a git-style diff)`);
        return;
      }
      const path = raw.slice(2);
      const problem = pathProblem(path);
      if (problem) problems.push(`${at}: ${JSON.stringify(path)} ${problem}`);
      else files.add(path);
    } else if (line.startsWith('diff --git ')) {
      for (const path of line.slice('diff --git '.length).split(' ')) {
        const problem = pathProblem(path.replace(/^[ab]\//, ''));
        if (problem) problems.push(`${at}: ${JSON.stringify(path)} ${problem}`);
      }
    } else if (/^(new file mode|deleted file mode|old mode|new mode) /.test(line)) {
      const mode = line.split(' ').at(-1)!;
      if (mode === '120000') problems.push(`${at}: it creates or changes a symlink`);
      else if (mode === '160000') problems.push(`${at}: it touches a submodule`);
      else if (/^(old|new) mode/.test(line)) problems.push(`${at}: it changes file permissions`);
    } else if (/^(GIT binary patch|Binary files )/.test(line)) {
      problems.push(`${at}: it holds a binary patch`);
    } else if (/^(rename|copy) (from|to) /.test(line)) {
      const problem = pathProblem(line.split(' ').slice(2).join(' '));
      if (problem) problems.push(`${at}: ${problem}`);
    }
  });
  if (oldLeft > 0 || newLeft > 0) problems.push('the last hunk is cut short');
  if (files.size === 0 && problems.length === 0)
    problems.push('the diff changes no file (expected --- a/PATH and +++ b/PATH lines)');
  if (files.size > MAX_DIFF_FILES)
    problems.push(`the diff touches ${files.size} files; at most ${MAX_DIFF_FILES} are accepted in one change`);
  return problems.length > 0 ? { ok: false, problems } : { ok: true, summary: { files: [...files] } };
}

function pathProblem(path: string): string | undefined {
  if (path === '') return 'is empty';
  if (path.startsWith('/')) return 'is absolute; paths are relative to the configuration repository';
  const parts = path.split('/');
  if (parts.includes('..')) return 'climbs out of the repository with ".."';
  if (parts.includes('.git')) return 'is inside .git';
  if (/[\\\u0000-\u001f\u007f]/.test(path)) return 'has control characters or a backslash';
  return undefined;
}
