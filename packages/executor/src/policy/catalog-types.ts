/**
 * The vocabulary the allow-list catalog is written in. A program has shapes; a shape is a
 * subcommand (leading words), the options it may take, the operands it may take, and a risk.
 * Everything not described is refused: an unknown option, an extra operand, a value of the wrong
 * kind. The catalog itself (`catalog/`) is plain data in this vocabulary.
 */
import type { Risk } from './risk.js';

/** What an option value or an operand must look like; see `value-kinds.ts` for each. */
export type ValueKind =
  | 'count'
  | 'signed-count'
  | 'number'
  | 'unit'
  | 'path'
  | 'meta-path'
  | 'store-path'
  | 'host'
  | 'url'
  | 'word'
  | 'field-list'
  | 'text'
  | 'time'
  | 'journal-match'
  | 'priority'
  | 'flake'
  | 'config-name'
  | 'ssh-destination'
  | 'pid-list'
  | 'user-name'
  | 'interface'
  | 'format'
  | 'name-pattern'
  | 'size'
  | 'signed-number'
  | 'dig-arg'
  | 'dns-name'
  | 'dns-server'
  | 'dns-reverse'
  | 'sort-keys'
  | 'inet-spec'
  | 'boot';

export type ValueSpec =
  | ValueKind
  | { readonly oneOf: readonly string[] }
  | { readonly kind: 'count' | 'number'; readonly min?: number; readonly max: number };

export interface OptionSpec {
  /** Every spelling: `-n`, `--lines`. The first is the name used in `requires` and reasons. */
  readonly names: readonly string[];
  /** Absent: the option is a flag and takes no value. */
  readonly value?: ValueSpec;
  /**
   * The value may be left out. `true`: it is then only taken when attached (`--boot=-1`, `-b-1`).
   * `'next'`: the next word is taken too when `takesNext` says it is one, as the program itself
   * does (`journalctl -b -1`, `lsof -i :22`).
   */
  readonly optionalValue?: boolean | 'next';
  readonly takesNext?: (word: string) => boolean;
}

export interface OperandSpec {
  readonly kind: ValueSpec;
  readonly min?: number;
  /** Default 1. */
  readonly max?: number;
}

/** What checking the intended effect after the action means, for the executor's verification. */
export type VerifyHint = 'units-active' | 'units-inactive' | 'disk-freed';

export interface ArgShape {
  /** `systemctl restart`: names the shape in reasons and audit entries. */
  readonly id: string;
  readonly summary: string;
  /** Positional words that select this shape, in order; an array gives alternatives. */
  readonly words?: readonly (string | readonly string[])[];
  readonly options?: readonly OptionSpec[];
  /** Operands after the words, matched in order. */
  readonly operands?: readonly OperandSpec[];
  /** Each group needs at least one of its options present (by first name). */
  readonly requires?: readonly (readonly string[])[];
  /** None of these options may be present (by first name). */
  readonly excludes?: readonly string[];
  readonly risk: Risk;
  /** Risk when a unit operand is critical (default: the shape's risk). */
  readonly criticalUnitRisk?: Risk;
  /** Starts or restarts its units: the risk follows the units' state and kind (`unit-risk.ts`). */
  readonly unitChange?: 'start' | 'restart';
  /** Builds or activates a NixOS configuration; without --flake it is read from /etc/nixos. */
  readonly buildsSystem?: boolean;
  /** Runs long (nix-store --verify): gets the long time limit. */
  readonly slow?: boolean;
  readonly verify?: VerifyHint;
}

export type Category = 'monitoring' | 'logs' | 'services' | 'nix' | 'network' | 'files' | 'power';

export interface ProgramSpec {
  readonly program: string;
  readonly category: Category;
  readonly summary: string;
  /**
   * `gnu` (default): `--long[=value]`, clustered short flags `-tlnp`, `-n5`, options anywhere before `--`.
   * `words`: every option is one whole word (`-short`, `-name x`, `-type=mx`), as find, ip and lshw read them.
   */
  readonly optionStyle?: 'gnu' | 'words';
  /** Options every shape accepts. */
  readonly options?: readonly OptionSpec[];
  readonly shapes: readonly ArgShape[];
}

/** Flags (options without a value), each given by its spellings: flags(['-h', '--human'], ['-w']). */
export function flags(...spellings: string[][]): OptionSpec[] {
  return spellings.map((names) => ({ names }));
}
