/**
 * Where a value sits in an argv, so the executor can put the checked form back in its place:
 * `argv[index]` is `prefix + value` (`--file=/etc/x` has prefix `--file=`, `-f/etc/x` has `-f`,
 * a separate operand has none).
 */
export interface ArgPosition {
  readonly index: number;
  readonly prefix: string;
}

/** The argv with the values at these positions replaced (prefixes kept). */
export function replaceAt(
  argv: readonly string[],
  replacements: ReadonlyArray<{ at: ArgPosition; value: string }>,
): string[] {
  const out = [...argv];
  for (const { at, value } of replacements) out[at.index] = `${at.prefix}${value}`;
  return out;
}
