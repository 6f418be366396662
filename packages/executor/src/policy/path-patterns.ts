/**
 * Patterns of places in the allow-lists: an absolute path covers itself and everything under it;
 * `*` stands for any characters within one component (`/sys/class/net/*`/operstate,
 * `/proc/sys/kernel/hostname`). Matching is component by component, on normalised paths, so
 * `*` never crosses a `/`.
 */
const compiled = new Map<string, RegExp[]>();

function componentsOf(pattern: string): RegExp[] {
  let regexps = compiled.get(pattern);
  if (!regexps) {
    regexps = pattern
      .split('/')
      .filter((c) => c !== '')
      .map(
        (c) =>
          new RegExp(
            `^${c
              .split('*')
              .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
              .join('[^/]*')}$`,
          ),
      );
    compiled.set(pattern, regexps);
  }
  return regexps;
}

/** Whether the pattern covers the normalised path: the path is the place or lies under it. */
export function patternCovers(pattern: string, path: string): boolean {
  const want = componentsOf(pattern);
  const have = path.split('/').filter((c) => c !== '');
  if (have.length < want.length) return false;
  return want.every((re, i) => re.test(have[i]!));
}

/** Whether the normalised path is exactly what the pattern names (not something under it). */
export function patternNames(pattern: string, path: string): boolean {
  const have = path.split('/').filter((c) => c !== '');
  return have.length === componentsOf(pattern).length && patternCovers(pattern, path);
}
