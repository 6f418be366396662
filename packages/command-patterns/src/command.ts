/**
 * The argv model: a command for one host, as an argv array end to end. Nothing in the product
 * runs a command that is not one of these.
 */
import { z } from 'zod';
import { InvalidCommandError } from './errors/invalid-command-error.js';
import { parseCommandLine } from './parse-command-line.js';
import { argumentProblem } from './text-safety.js';
import { LOCAL_HOST } from '@ai-sysadmin/core';

/** The host name that means this machine (core's; re-exported where commands are made). */
export { LOCAL_HOST };

export const DEFAULT_TIMEOUT_MS = 60_000;
export const DEFAULT_MAX_OUTPUT_BYTES = 1024 * 1024;

export interface Command {
  /** `local`, or the name of a managed system from the config. */
  readonly host: string;
  readonly argv: readonly string[];
  /**
   * The command needs root. sudo is added only where the user that runs it is not root (and, on a
   * managed system, only where the config says that host uses sudo).
   */
  readonly sudo: boolean;
  readonly timeoutMs: number;
  /** Output kept per stream; what goes beyond is counted and cut. */
  readonly maxOutputBytes: number;
  /**
   * Environment variables the program needs (NIX_SSHOPTS for nixos-rebuild --target-host). Set by
   * the product's own code only: commands from outside (commandSchema) cannot carry any.
   */
  readonly env?: Readonly<Record<string, string>>;
}

export type CommandOptions = Partial<Omit<Command, 'argv'>>;

/** The shape of a command arriving from outside (API, LLM tool call), validated field by field. */
export const commandSchema = z.strictObject({
  host: z.string().min(1).default(LOCAL_HOST),
  argv: z.array(z.string()).min(1, 'must name a program'),
  sudo: z.boolean().default(false),
  timeoutMs: z
    .number()
    .int()
    .positive()
    .max(24 * 3600 * 1000)
    .default(DEFAULT_TIMEOUT_MS),
  maxOutputBytes: z.number().int().positive().default(DEFAULT_MAX_OUTPUT_BYTES),
});

export function makeCommand(argv: readonly string[], options: CommandOptions = {}): Command {
  validateArgv(argv);
  if (options.env) validateEnv(options.env);
  return Object.freeze({
    host: options.host ?? LOCAL_HOST,
    argv: Object.freeze([...argv]),
    sudo: options.sudo ?? false,
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    maxOutputBytes: options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES,
    ...(options.env && Object.keys(options.env).length ? { env: Object.freeze({ ...options.env }) } : {}),
  });
}

function validateEnv(env: Readonly<Record<string, string>>): void {
  for (const [name, value] of Object.entries(env)) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name))
      throw new InvalidCommandError(`The environment variable name "${name}" is not valid.`);
    const problem = argumentProblem(value);
    if (problem) throw new InvalidCommandError(`The value of ${name} ${problem}.`);
  }
}

/** A command from a line of text, split by the strict parser. */
export function commandFromLine(text: string, options: CommandOptions = {}): Command {
  return makeCommand(parseCommandLine(text), options);
}

export function validateArgv(argv: readonly string[]): void {
  if (argv.length === 0) throw new InvalidCommandError('The command is empty: an argv needs at least a program.');
  const program = argv[0]!;
  if (program === '') throw new InvalidCommandError('The program name is empty.');
  if (program.includes('/') && !program.startsWith('/')) {
    throw new InvalidCommandError(`The program "${program}" is a relative path.`, {
      hint: 'Name a program on PATH or give an absolute path.',
    });
  }
  argv.forEach((arg, i) => {
    const problem = argumentProblem(arg);
    if (problem) throw new InvalidCommandError(`Argument ${i} of \`${program}\` ${problem}.`);
  });
}
