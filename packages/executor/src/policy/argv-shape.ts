/**
 * Matches an argv against one shape of a catalog program, reading options the way the program
 * itself does (GNU getopt, or whole-word options for find, ip and lshw). Anything the shape does
 * not describe is a mismatch with its reason; a match lists the units and content paths found.
 */
import type { ArgShape, OperandSpec, OptionSpec, ProgramSpec } from './catalog-types.js';
import { type ValueContext, valueProblem } from './value-kinds.js';

export interface ShapeMatch {
  readonly program: ProgramSpec;
  readonly shape: ArgShape;
  /** Options present, by first name, with their values (undefined for a flag). */
  readonly options: ReadonlyMap<string, readonly (string | undefined)[]>;
  readonly operands: readonly string[];
  /** Unit operands and unit-valued options. */
  readonly units: readonly string[];
  /** Absolute paths whose contents the command reads. */
  readonly readPaths: readonly string[];
}

export type ShapeAttempt =
  | { readonly ok: true; readonly match: ShapeMatch }
  | {
      readonly ok: false;
      readonly problem: string;
      /** The shape's leading words matched: its problem is the relevant one. */ readonly wordsMatched: boolean;
    };

export type MatchContext = Omit<ValueContext, 'units' | 'readPaths'>;

export function matchShape(
  program: ProgramSpec,
  shape: ArgShape,
  args: readonly string[],
  base: MatchContext,
): ShapeAttempt {
  const ctx: ValueContext = { ...base, units: [], readPaths: [] };
  const specs = [...(program.options ?? []), ...(shape.options ?? [])];
  const byName = new Map<string, OptionSpec>();
  for (const spec of specs) for (const name of spec.names) byName.set(name, spec);

  const parsed = readOptions(program.optionStyle ?? 'gnu', args, byName);
  if (!parsed.ok) return { ok: false, problem: parsed.problem, wordsMatched: wordsMatch(shape, parsed.positionals) };
  const { positionals, options } = parsed;

  const words = shape.words ?? [];
  if (!wordsMatch(shape, positionals)) {
    return {
      ok: false,
      problem: `expected ${words.map((w) => (typeof w === 'string' ? w : w.join('|'))).join(' ')}`,
      wordsMatched: false,
    };
  }
  const fail = (problem: string): ShapeAttempt => ({ ok: false, problem, wordsMatched: true });

  for (const [name, values] of options) {
    const spec = byName.get(name)!;
    for (const value of values) {
      if (value === undefined || !spec.value) continue;
      const problem = valueProblem(spec.value, value, ctx);
      if (problem) return fail(`the value ${JSON.stringify(value)} of ${name} ${problem}`);
    }
  }
  for (const group of shape.requires ?? []) {
    if (!group.some((name) => options.has(name))) return fail(`${shape.id} needs ${group.join(' or ')}`);
  }
  const excluded = (shape.excludes ?? []).find((name) => options.has(name));
  if (excluded) return fail(`${excluded} is not allowed with ${shape.id}`);

  const operands = positionals.slice(words.length);
  const operandProblem = checkOperands(shape.operands ?? [], operands, ctx);
  if (operandProblem) return fail(operandProblem);

  return {
    ok: true,
    match: { program, shape, options, operands, units: ctx.units, readPaths: ctx.readPaths },
  };
}

function wordsMatch(shape: ArgShape, positionals: readonly string[]): boolean {
  return (shape.words ?? []).every((w, i) => {
    const p = positionals[i];
    return p !== undefined && (typeof w === 'string' ? p === w : w.includes(p));
  });
}

type ParsedOptions =
  | { ok: true; positionals: string[]; options: Map<string, (string | undefined)[]> }
  | { ok: false; problem: string; positionals: string[] };

function readOptions(style: 'gnu' | 'words', args: readonly string[], byName: Map<string, OptionSpec>): ParsedOptions {
  const positionals: string[] = [];
  const options = new Map<string, (string | undefined)[]>();
  const record = (spec: OptionSpec, value: string | undefined) => {
    const key = spec.names[0]!;
    options.set(key, [...(options.get(key) ?? []), value]);
  };
  const fail = (problem: string): ParsedOptions => ({ ok: false, problem, positionals });

  let endOfOptions = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (endOfOptions || arg === '-' || !arg.startsWith('-')) {
      positionals.push(arg);
      continue;
    }
    if (arg === '--') {
      endOfOptions = true;
      continue;
    }
    if (style === 'words' || arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const name = eq >= 0 ? arg.slice(0, eq) : arg;
      const attached = eq >= 0 ? arg.slice(eq + 1) : undefined;
      const spec = byName.get(name);
      if (!spec) return fail(`the option ${name} is not allowed`);
      if (!spec.value) {
        if (attached !== undefined) return fail(`the option ${name} takes no value`);
        record(spec, undefined);
      } else if (attached !== undefined || spec.optionalValue) {
        record(spec, attached);
      } else {
        const next = args[++i];
        if (next === undefined) return fail(`the option ${name} needs a value`);
        record(spec, next);
      }
      continue;
    }
    // A cluster of short options: -tlnp, -n5, -o pid,comm
    for (let j = 1; j < arg.length; j++) {
      const name = `-${arg[j]}`;
      const spec = byName.get(name);
      if (!spec)
        return fail(j === 1 ? `the option ${name} is not allowed` : `the option ${name} (in ${arg}) is not allowed`);
      if (!spec.value) {
        record(spec, undefined);
        continue;
      }
      const rest = arg.slice(j + 1);
      if (rest !== '' || spec.optionalValue) {
        record(spec, rest === '' ? undefined : rest);
      } else {
        const next = args[++i];
        if (next === undefined) return fail(`the option ${name} needs a value`);
        record(spec, next);
      }
      break;
    }
  }
  return { ok: true, positionals, options };
}

function checkOperands(
  specs: readonly OperandSpec[],
  operands: readonly string[],
  ctx: ValueContext,
): string | undefined {
  const min = (s: OperandSpec) => s.min ?? 1;
  const max = (s: OperandSpec) => s.max ?? 1;
  const totalMax = specs.reduce((n, s) => n + max(s), 0);
  const totalMin = specs.reduce((n, s) => n + min(s), 0);
  if (operands.length > totalMax) {
    return totalMax === 0
      ? `it takes no operands (got ${JSON.stringify(operands[0])})`
      : `it takes at most ${totalMax} operands`;
  }
  if (operands.length < totalMin) return `it needs at least ${totalMin} operand${totalMin === 1 ? '' : 's'}`;
  let at = 0;
  for (let s = 0; s < specs.length; s++) {
    const spec = specs[s]!;
    const laterMin = specs.slice(s + 1).reduce((n, x) => n + min(x), 0);
    const take = Math.min(max(spec), operands.length - at - laterMin);
    for (let k = 0; k < take; k++) {
      const operand = operands[at + k]!;
      const problem = valueProblem(spec.kind, operand, ctx);
      if (problem) return `the operand ${JSON.stringify(operand)} ${problem}`;
    }
    at += take;
  }
  return undefined;
}
