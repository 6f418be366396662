import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkUnifiedDiff } from '@ai-sysadmin/executor';

const diffFor = (path: string, body = '@@ -1 +1 @@\n-a\n+b\n') =>
  `diff --git a/${path} b/${path}\n--- a/${path}\n+++ b/${path}\n${body}`;

describe('checkUnifiedDiff', () => {
  it('accepts a git diff that edits, adds and deletes files in the repository', () => {
    const diff = [
      diffFor('hosts/rhiannon.nix'),
      'diff --git a/modules/new.nix b/modules/new.nix\nnew file mode 100644\nindex 0000000..e69de29\n--- /dev/null\n+++ b/modules/new.nix\n@@ -0,0 +1,2 @@\n+{ ... }:\n+{ }\n',
      'diff --git a/old.nix b/old.nix\ndeleted file mode 100644\n--- a/old.nix\n+++ /dev/null\n@@ -1 +0,0 @@\n-{ }\n',
    ].join('');
    expect(checkUnifiedDiff(diff)).toEqual({
      ok: true,
      summary: { files: ['hosts/rhiannon.nix', 'modules/new.nix', 'old.nix'] },
    });
  });

  it('reads header-looking lines inside a hunk as content', () => {
    const diff = diffFor('notes.md', '@@ -1,2 +1,2 @@\n--- a/../../etc/passwd\n+++ b/.git/config\n context\n');
    expect(checkUnifiedDiff(diff)).toEqual({ ok: true, summary: { files: ['notes.md'] } });
  });

  it('refuses hunks whose counts do not match their lines', () => {
    expect(checkUnifiedDiff(diffFor('a.nix', '@@ -1,3 +1,3 @@\n-a\n+b\n'))).toMatchObject({
      ok: false,
      problems: ['the last hunk is cut short'],
    });
  });

  it('refuses paths outside the repository, in .git, absolute, or with control characters', () => {
    for (const path of [
      '../x.nix',
      'a/../../x',
      '.git/config',
      'sub/.git/hooks/pre-commit',
      'a\\b.nix',
      'tab\there.nix',
    ]) {
      expect(checkUnifiedDiff(diffFor(path)).ok, path).toBe(false);
    }
    expect(checkUnifiedDiff('--- /etc/x\n+++ /etc/x\n@@ -1 +1 @@\n-a\n+b\n')).toMatchObject({ ok: false });
  });

  it('refuses symlinks, submodules, mode changes and binary patches', () => {
    expect(
      checkUnifiedDiff(
        'diff --git a/l b/l\nnew file mode 120000\n--- /dev/null\n+++ b/l\n@@ -0,0 +1 @@\n+/etc/shadow\n',
      ),
    ).toMatchObject({ ok: false, problems: [expect.stringContaining('symlink')] });
    expect(
      checkUnifiedDiff(
        'diff --git a/s b/s\nnew file mode 160000\n--- /dev/null\n+++ b/s\n@@ -0,0 +1 @@\n+Subproject commit abc\n',
      ),
    ).toMatchObject({ ok: false, problems: [expect.stringContaining('submodule')] });
    expect(checkUnifiedDiff('diff --git a/f b/f\nold mode 100644\nnew mode 100755\n').ok).toBe(false);
    expect(checkUnifiedDiff('diff --git a/f b/f\nGIT binary patch\nliteral 3\n').ok).toBe(false);
  });

  it('refuses a diff that names no file, or holds a NUL', () => {
    expect(checkUnifiedDiff('hello').ok).toBe(false);
    expect(checkUnifiedDiff(diffFor('a.nix').replace('+b', '+b\0')).ok).toBe(false);
  });

  it('property: a path is accepted exactly when it stays inside the repository and out of .git', () => {
    const segment = fc.oneof(
      fc.constantFrom('..', '.', '.git', 'hosts', 'modules', 'x.nix', '.github', 'git'),
      fc.stringMatching(/^[a-z0-9_-]{1,8}$/),
    );
    fc.assert(
      fc.property(fc.array(segment, { minLength: 1, maxLength: 5 }), (parts) => {
        const path = parts.join('/');
        const safe = !parts.includes('..') && !parts.includes('.git');
        expect(checkUnifiedDiff(diffFor(path)).ok).toBe(safe);
      }),
      { numRuns: 500 },
    );
  });
});
