/**
 * Loads the configuration: a JSON file (`--config`, then AI_SYSADMIN_CONFIG, then
 * /etc/ai-sysadmin/config.json), then AI_SYSADMIN_* environment overrides, then the schema.
 * Every problem is collected and reported together, each named by its path.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { type Config, configSchema } from './config-schema.js';
import { ConfigError, type ConfigProblem } from './errors/config-error.js';
import { errorMessage } from './utilities/error-message.js';

export const DEFAULT_CONFIG_PATH = '/etc/ai-sysadmin/config.json';
export const CONFIG_PATH_ENV = 'AI_SYSADMIN_CONFIG';
const ENV_PREFIX = 'AI_SYSADMIN_';

export interface LoadConfigOptions {
  /** An explicit path (from --config); it must exist. */
  path?: string;
  /** The environment to read AI_SYSADMIN_* from; defaults to process.env. */
  env?: NodeJS.ProcessEnv;
}

export interface LoadedConfig {
  config: Config;
  /** The file that was read, or "built-in defaults". */
  source: string;
  /** Environment variables that overrode the file. */
  envOverrides: string[];
}

/** Where the config comes from, in order of precedence. `required` means a missing file is an error. */
export function resolveConfigPath(options: LoadConfigOptions = {}): { path: string; required: boolean } {
  const env = options.env ?? process.env;
  if (options.path) return { path: options.path, required: true };
  const fromEnv = env[CONFIG_PATH_ENV];
  if (fromEnv) return { path: fromEnv, required: true };
  return { path: DEFAULT_CONFIG_PATH, required: false };
}

export function loadConfig(options: LoadConfigOptions = {}): LoadedConfig {
  const env = options.env ?? process.env;
  const { path, required } = resolveConfigPath(options);
  const fileValue = readConfigFile(path, required);
  const source = fileValue === undefined ? 'built-in defaults' : path;
  const overrides = readEnvOverrides(env);
  const config = validate(fileValue ?? {}, overrides, source);
  return { config, source, envOverrides: overrides.map((o) => o.variable) };
}

/** Validates an in-memory config object (tests, the daemon's API). */
export function parseConfig(value: unknown, source = 'object'): Config {
  return validate(value, [], source);
}

function readConfigFile(path: string, required: boolean): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && !required) return undefined;
    const why =
      code === 'ENOENT' ? 'does not exist' : code === 'EACCES' ? 'is not readable by this user' : String(error);
    throw new ConfigError(path, [{ path: '', message: `the file ${why}` }], {
      hint: 'Pass an existing file with --config PATH or AI_SYSADMIN_CONFIG, or leave both unset to use the defaults.',
      cause: error,
    });
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ConfigError(path, [{ path: '', message: `not valid JSON: ${describeJsonError(text, error)}` }], {
      cause: error,
    });
  }
}

function describeJsonError(text: string, error: unknown): string {
  const message = errorMessage(error);
  const position = /at position (\d+)/.exec(message);
  if (!position) return message;
  const before = text.slice(0, Number(position[1]));
  const line = before.split('\n').length;
  const column = before.length - before.lastIndexOf('\n');
  return `${message.replace(/ in JSON at position \d+.*$/s, '')} at line ${line}, column ${column}`;
}

interface EnvOverride {
  variable: string;
  path: string[];
  raw: string;
}

/** AI_SYSADMIN_CHECK_INTERVAL -> checkInterval; a double underscore nests: AI_SYSADMIN_SSH__KEY_PATH -> ssh.keyPath. */
function readEnvOverrides(env: NodeJS.ProcessEnv): EnvOverride[] {
  const overrides: EnvOverride[] = [];
  for (const [variable, raw] of Object.entries(env)) {
    if (!variable.startsWith(ENV_PREFIX) || variable === CONFIG_PATH_ENV || raw === undefined) continue;
    const path = variable
      .slice(ENV_PREFIX.length)
      .split('__')
      .map((part) => part.toLowerCase().replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase()));
    overrides.push({ variable, path, raw });
  }
  return overrides.sort((a, b) => a.variable.localeCompare(b.variable));
}

/** Numbers, booleans, arrays and objects are written as JSON; anything else is a string. */
function envValue(raw: string): unknown {
  if (/^(-?\d+(\.\d+)?|true|false|null)$/.test(raw) || /^[[{]/.test(raw)) {
    try {
      return JSON.parse(raw);
    } catch {
      return raw;
    }
  }
  return raw;
}

function applyOverrides(
  base: unknown,
  overrides: EnvOverride[],
  source: string,
  asString = new Set<string>(),
): unknown {
  if (overrides.length === 0) return base;
  if (typeof base !== 'object' || base === null || Array.isArray(base)) {
    throw new ConfigError(source, [{ path: '', message: 'must be a JSON object' }]);
  }
  const root: Record<string, unknown> = structuredClone(base as Record<string, unknown>);
  for (const o of overrides) {
    let node = root;
    for (const key of o.path.slice(0, -1)) {
      const next = node[key];
      if (typeof next !== 'object' || next === null || Array.isArray(next)) node[key] = {};
      node = node[key] as Record<string, unknown>;
    }
    node[o.path.at(-1)!] = asString.has(o.variable) ? o.raw : envValue(o.raw);
  }
  return root;
}

function validate(fileValue: unknown, overrides: EnvOverride[], source: string): Config {
  let result = configSchema.safeParse(applyOverrides(fileValue, overrides, source), { reportInput: true });
  if (!result.success) {
    // A value like AI_SYSADMIN_MODEL=7 reads as a number; where a string was wanted, take it as written.
    const failed = result.error.issues;
    const asString = overrides.filter((o) =>
      failed.some((i) => i.code === 'invalid_type' && i.expected === 'string' && samePath(i.path, o.path)),
    );
    if (asString.length > 0) {
      const retry = applyOverrides(fileValue, overrides, source, new Set(asString.map((o) => o.variable)));
      result = configSchema.safeParse(retry, { reportInput: true });
    }
  }
  if (result.success) return result.data;
  throw new ConfigError(source, describeIssues(result.error, overrides));
}

function samePath(issuePath: readonly PropertyKey[], path: string[]): boolean {
  return issuePath.length === path.length && issuePath.every((p, i) => String(p) === path[i]);
}

/** Turns zod issues into problems a person can fix, naming the environment variable where one was the cause. */
export function describeIssues(error: z.ZodError, overrides: EnvOverride[] = []): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  for (const issue of error.issues) {
    const keys = issue.code === 'unrecognized_keys' ? issue.keys : [undefined];
    for (const key of keys) {
      const fullPath = key === undefined ? issue.path : [...issue.path, key];
      const fromEnv = overrides.find(
        (o) => o.path.every((p, i) => String(fullPath[i]) === p) && fullPath.length >= o.path.length,
      );
      const where = formatPath(fullPath);
      const path = fromEnv ? `${where} (from ${fromEnv.variable})` : where;
      const message = key === undefined ? explain(issue) : unknownKeyMessage(issue.path, key);
      problems.push({ path, message });
    }
  }
  return problems;
}

export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out ? `.${String(p)}` : String(p);
  return out;
}

function explain(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type') {
    const got = (issue as { input?: unknown }).input;
    if (got === undefined) return `is required (${issue.expected})`;
    return `expected ${issue.expected}, got ${describeValue(got)}`;
  }
  if (issue.code === 'invalid_value') {
    return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}, got ${describeValue((issue as { input?: unknown }).input)}`;
  }
  return issue.message;
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${JSON.stringify(value)}`;
}

const KEY_HINTS: Record<string, string> = {
  token: 'secrets are never written in the config: put the token in a file and set tokenFile',
  password: 'secrets are never written in the config; use key files',
};

function unknownKeyMessage(parentPath: readonly PropertyKey[], key: string): string {
  if (KEY_HINTS[key]) return `unknown key "${key}": ${KEY_HINTS[key]}`;
  const near = closestKey(key, keysAt(parentPath));
  return near ? `unknown key "${key}" (did you mean "${near}"?)` : `unknown key "${key}"`;
}

/** The keys the schema allows at a path, found by walking the schema itself. */
function keysAt(path: readonly PropertyKey[]): string[] {
  let node: z.core.$ZodType | undefined = configSchema;
  const unwrap = (t: z.core.$ZodType): z.core.$ZodType => {
    const def = t._zod.def as unknown as Record<string, unknown> & { type: string };
    if (['default', 'optional', 'nullable', 'prefault', 'readonly'].includes(def.type))
      return unwrap(def.innerType as z.core.$ZodType);
    if (def.type === 'pipe') return unwrap(def.in as z.core.$ZodType);
    return t;
  };
  for (const segment of path) {
    if (!node) return [];
    const def = unwrap(node)._zod.def as unknown as Record<string, unknown> & { type: string };
    if (def.type === 'array' && typeof segment === 'number') node = def.element as z.core.$ZodType;
    else if (def.type === 'object') node = (def.shape as Record<string, z.core.$ZodType>)[String(segment)];
    else return [];
  }
  if (!node) return [];
  const def = unwrap(node)._zod.def as unknown as Record<string, unknown> & { type: string };
  return def.type === 'object' ? Object.keys(def.shape as object) : [];
}

function closestKey(key: string, candidates: string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(key.length / 3)) + 1;
  for (const candidate of candidates) {
    const d = editDistance(key.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}
