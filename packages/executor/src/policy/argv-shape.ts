/**
 * Matches an argv against one shape of a catalog program, reading options the way the program
 * itself does (GNU getopt, or whole-word options for find, ip and lshw). Anything the shape does
 * not describe is a mismatch with its reason; a match lists the units and content paths found.
 */
import type { ArgShape, OperandSpec, OptionSpec, ProgramSpec } from './catalog-types.js';
import type { ArgPosition } from './arg-position.js';
import { type Recorded, type ValueContext, emptyRecord, valueProblem } from './value-kinds.js';

export interface ShapeMatch {
  readonly program: ProgramSpec;
  readonly shape: ArgShape;
  /** Options present, by first name, with their values (undefined for a flag). */
  readonly options: ReadonlyMap<string, readonly (string | undefined)[]>;
  readonly operands: readonly string[];
  /** Where each option value sits in the argv, by first name, in the order of `options`. */
  readonly optionPositions: ReadonlyMap<string, readonly (ArgPosition | undefined)[]>;
  /** Unit operands and unit-valued options. */
  readonly units: readonly string[];
  /** Absolute paths whose contents the command reads. */
  readonly readPaths: readonly string[];
  /** Everything the later rules and the execution-time checks need: paths, destinations, flakes, with their places in the argv. */
  readonly recorded: Recorded;
}

export type ShapeAttempt =
  | { readonly ok: true; readonly match: ShapeMatch }
  | {
      readonly ok: false;
      readonly problem: string;
      /** The shape's leading words matched: its problem is the relevant one. */ readonly wordsMatched: boolean;
    };

export type MatchContext = Omit<ValueContext, 'units' | 'readPaths' | 'recorded' | 'at'>;

export function matchShape(
  program: ProgramSpec,
  shape: ArgShape,
  args: readonly string[],
  base: MatchContext,
): ShapeAttempt {
  const ctx: ValueContext = { ...base, units: [], readPaths: [], recorded: emptyRecord() };
  const specs = [...(program.options ?? []), ...(shape.options ?? [])];
  const byName = new Map<string, OptionSpec>();
  for (const spec of specs) for (const name of spec.names) byName.set(name, spec);

  const parsed = readOptions(program.optionStyle ?? 'gnu', args, byName);
  if (!parsed.ok) return { ok: false, problem: parsed.problem, wordsMatched: wordsMatch(shape, parsed.positionals) };
  const { positionals, options, positions, positionalAt } = parsed;

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
    for (const [k, value] of values.entries()) {
      if (value === undefined || !spec.value) continue;
      ctx.at = positions.get(name)![k];
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
  const operandProblem = checkOperands(shape.operands ?? [], operands, ctx, positionalAt.slice(words.length));
  if (operandProblem) return fail(operandProblem);

  return {
    ok: true,
    match: {
      program,
      shape,
      options,
      operands,
      optionPositions: positions,
      units: ctx.units,
      readPaths: ctx.readPaths,
      recorded: ctx.recorded,
    },
  };
}

function wordsMatch(shape: ArgShape, positionals: readonly string[]): boolean {
  return (shape.words ?? []).every((w, i) => {
    const p = positionals[i];
    return p !== undefined && (typeof w === 'string' ? p === w : w.includes(p));
  });
}

type ParsedOptions =
  | {
      ok: true;
      positionals: string[];
      positionalAt: ArgPosition[];
      options: Map<string, (string | undefined)[]>;
      positions: Map<string, (ArgPosition | undefined)[]>;
    }
  | { ok: false; problem: string; positionals: string[] };

/** Reads options as the program does. Positions are argv indices (the program is argv[0]). */
function readOptions(style: 'gnu' | 'words', args: readonly string[], byName: Map<string, OptionSpec>): ParsedOptions {
  const positionals: string[] = [];
  const positionalAt: ArgPosition[] = [];
  const options = new Map<string, (string | undefined)[]>();
  const positions = new Map<string, (ArgPosition | undefined)[]>();
  const record = (spec: OptionSpec, value: string | undefined, at?: ArgPosition) => {
    const key = spec.names[0]!;
    options.set(key, [...(options.get(key) ?? []), value]);
    positions.set(key, [...(positions.get(key) ?? []), value === undefined ? undefined : at]);
  };
  const fail = (problem: string): ParsedOptions => ({ ok: false, problem, positionals });

  let endOfOptions = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (endOfOptions || arg === '-' || !arg.startsWith('-')) {
      positionals.push(arg);
      positionalAt.push({ index: i + 1, prefix: '' });
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
      } else if (attached !== undefined) {
        record(spec, attached, { index: i + 1, prefix: `${name}=` });
      } else if (spec.optionalValue === 'next' && args[i + 1] !== undefined && spec.takesNext!(args[i + 1]!)) {
        record(spec, args[i + 1], { index: i + 2, prefix: '' });
        i++;
      } else if (spec.optionalValue) {
        record(spec, undefined);
      } else {
        const next = args[++i];
        if (next === undefined) return fail(`the option ${name} needs a value`);
        record(spec, next, { index: i + 1, prefix: '' });
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
      if (rest !== '') {
        record(spec, rest, { index: i + 1, prefix: arg.slice(0, j + 1) });
      } else if (spec.optionalValue === 'next' && args[i + 1] !== undefined && spec.takesNext!(args[i + 1]!)) {
        record(spec, args[i + 1], { index: i + 2, prefix: '' });
        i++;
      } else if (spec.optionalValue) {
        record(spec, undefined);
      } else {
        const next = args[++i];
        if (next === undefined) return fail(`the option ${name} needs a value`);
        record(spec, next, { index: i + 1, prefix: '' });
      }
      break;
    }
  }
  return { ok: true, positionals, positionalAt, options, positions };
}

/**
 * Operands matched to their specs. Optional operands are tried in every way the counts allow
 * (`ip addr show eth0` leaves out the optional `dev`), first the greediest; the first way in
 * which every operand is of its spec's kind wins, else the greediest way's problem is reported.
 */
function checkOperands(
  specs: readonly OperandSpec[],
  operands: readonly string[],
  ctx: ValueContext,
  at: readonly ArgPosition[],
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
  let first: string | undefined;
  for (const counts of distributions(specs, operands.length)) {
    // Values are checked on a scratch record, kept only for the way that matches.
    const trial: ValueContext = { ...ctx, units: [], readPaths: [], recorded: emptyRecord() };
    const problem = tryDistribution(specs, counts, operands, trial, at);
    if (!problem) {
      ctx.units.push(...trial.units);
      ctx.readPaths.push(...trial.readPaths);
      mergeRecord(ctx.recorded, trial.recorded);
      return undefined;
    }
    first ??= problem;
  }
  return first;
}

function tryDistribution(
  specs: readonly OperandSpec[],
  counts: readonly number[],
  operands: readonly string[],
  ctx: ValueContext,
  at: readonly ArgPosition[],
): string | undefined {
  let k = 0;
  for (const [s, spec] of specs.entries()) {
    for (let n = 0; n < counts[s]!; n++, k++) {
      ctx.at = at[k];
      const problem = valueProblem(spec.kind, operands[k]!, ctx);
      if (problem) return `the operand ${JSON.stringify(operands[k])} ${problem}`;
    }
  }
  return undefined;
}

/** Every way to give `total` operands to the specs within their min and max, greediest first. */
function* distributions(specs: readonly OperandSpec[], total: number): Generator<number[]> {
  if (specs.length === 0) {
    if (total === 0) yield [];
    return;
  }
  const [head, ...rest] = specs as [OperandSpec, ...OperandSpec[]];
  const restMin = rest.reduce((n, s) => n + (s.min ?? 1), 0);
  const restMax = rest.reduce((n, s) => n + (s.max ?? 1), 0);
  for (let take = Math.min(head.max ?? 1, total - restMin); take >= (head.min ?? 1); take--) {
    if (total - take > restMax) break;
    for (const tail of distributions(rest, total - take)) yield [take, ...tail];
  }
}

function mergeRecord(into: Recorded, from: Recorded): void {
  into.paths.push(...from.paths);
  into.destinations.push(...from.destinations);
  into.flakes.push(...from.flakes);
}
