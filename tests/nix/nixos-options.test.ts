/**
 * The NixOS module's options mirror the config schema and can never drift from it:
 * - nix/options.generated.nix is what `npm run gen:nix` makes from the schema now;
 * - nix/npm-deps.json was pinned for the current package-lock.json;
 * - with Nix and a nixpkgs tree at hand (NIXPKGS=/path/to/nixpkgs, or <nixpkgs>), the options
 *   themselves, evaluated by the module system, have the schema's names, make the schema's
 *   defaults, and accept and refuse what zod accepts and refuses, field by field.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configJsonSchema, configSchema } from '@ai-sysadmin/core';
import {
  GENERATED_FILE,
  generateNixOptions,
  posixPattern,
  type Json,
  type JsonSchema,
} from '../../nix/generate-options.js';
import { REPO_ROOT, tempDir } from '../rig/index.js';

const schema = configJsonSchema() as JsonSchema;

describe('nix/options.generated.nix', () => {
  it('is what `npm run gen:nix` makes from the config schema now', () => {
    const committed = readFileSync(join(REPO_ROOT, GENERATED_FILE), 'utf8');
    const fresh = generateNixOptions(schema);
    expect(committed === fresh, `${GENERATED_FILE} is stale: run \`npm run gen:nix\` and commit it`).toBe(true);
  });

  it('translates patterns to the whole-string POSIX regular expressions of builtins.match', () => {
    expect(posixPattern('^[a-z0-9][a-z0-9-]{0,62}$')).toBe('[a-z0-9][a-z0-9-]{0,62}');
    expect(posixPattern('^\\/.*')).toBe('/(.|\n)*');
    expect(posixPattern('^[^\\s@/]+$')).toBe('[^@/[:space:]]+');
    expect(posixPattern('^[^\\0\\n]*$')).toBe('[^\n]*');
    expect(posixPattern('^(?:a|b)\\.c$')).toBe('(a|b)\\.c');
    expect(posixPattern('a|b')).toBeUndefined(); // unanchored alternation
    expect(posixPattern('^(?=x).*$')).toBeUndefined(); // look-ahead
    expect(posixPattern('^\\bword$')).toBeUndefined(); // word boundary
  });
});

describe('nix/npm-deps.json', () => {
  it('was pinned for the current package-lock.json (else run nix/update-npm-deps-hash.sh)', () => {
    const dir = tempDir('npm-build-lock');
    for (const file of ['package.json', 'package-lock.json']) cpSync(join(REPO_ROOT, file), join(dir, file));
    for (const name of readdirSync(join(REPO_ROOT, 'packages'))) {
      mkdirSync(join(dir, 'packages', name), { recursive: true });
      cpSync(join(REPO_ROOT, 'packages', name, 'package.json'), join(dir, 'packages', name, 'package.json'));
    }
    execFileSync(process.execPath, [join(REPO_ROOT, 'nix/npm-tree.mjs'), 'build-lock', dir], { stdio: 'pipe' });
    const sha = createHash('sha256')
      .update(readFileSync(join(dir, 'package-lock.json')))
      .digest('hex');
    const pin = JSON.parse(readFileSync(join(REPO_ROOT, 'nix/npm-deps.json'), 'utf8')) as {
      hash: string;
      buildLockSha256: string;
    };
    expect(pin.hash).toMatch(/^sha256-[A-Za-z0-9+/]{43}=$/);
    expect(
      pin.buildLockSha256,
      'package-lock.json changed what the Nix package installs: run nix/update-npm-deps-hash.sh',
    ).toBe(sha);
  });
});

/** A nixpkgs tree for lib: $NIXPKGS, else <nixpkgs> from NIX_PATH; undefined without nix-instantiate. */
function findNixpkgs(): string | undefined {
  if (spawnSync('nix-instantiate', ['--version'], { stdio: 'ignore' }).status !== 0) return undefined;
  const fromEnv = process.env.NIXPKGS;
  if (fromEnv && existsSync(join(fromEnv, 'lib/default.nix'))) return fromEnv;
  const found = spawnSync('nix-instantiate', ['--find-file', 'nixpkgs'], { encoding: 'utf8' });
  return found.status === 0 && existsSync(join(found.stdout.trim(), 'lib/default.nix'))
    ? found.stdout.trim()
    : undefined;
}

const nixpkgs = findNixpkgs();

interface Leaf {
  /** Option path as NixOS docs spell it: `remoteSystems.*.port`. */
  path: string;
  schema: JsonSchema;
  /** Builds a config holding `value` at this leaf (and what its siblings must have). */
  place(value: Json): Record<string, Json>;
}

type JsonObject = Record<string, Json>;

const isObjectSchema = (s: JsonSchema) =>
  (s.type === 'object' || (!s.type && s.properties)) && !!s.properties && Object.keys(s.properties).length > 0;

/** Strings tried against every pattern, and a sample for a required field. */
const CORPUS = [
  'a',
  'web1',
  'Admin',
  'root',
  'a b',
  'a@b',
  '/abs/path',
  'rel/path',
  '-x',
  'x-',
  'nginx.service',
  'postgresql*',
  'sshd@0-1.2.3.4:22.service',
  'ss\\x68d',
  'a\nb',
  '10.0.0.5',
  'main',
  'feature/x',
  '..',
  'a$',
  '$a',
  'x'.repeat(63),
  'x'.repeat(64),
  'é',
  'a.b+c_d',
  '',
];

function sampleValue(s: JsonSchema): Json {
  if (s.default !== undefined) return s.default;
  if (s.enum) return s.enum[0]!;
  if (s.type === 'boolean') return false;
  if (s.type === 'integer' || s.type === 'number')
    return s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + 1 : 1);
  if (s.type === 'array') return [];
  if (isObjectSchema(s)) return requiredSample(s);
  if (s.format === 'uri') return 'http://127.0.0.1:1';
  if (s.pattern) return CORPUS.find((c) => new RegExp(s.pattern!).test(c) && c.length >= (s.minLength ?? 0)) ?? 'x';
  return 'x';
}

function requiredSample(s: JsonSchema): JsonObject {
  return Object.fromEntries((s.required ?? []).map((name) => [name, sampleValue(s.properties![name]!)]));
}

function leaves(s: JsonSchema, prefix: string[], place: (value: Json) => Record<string, Json>): Leaf[] {
  return Object.entries(s.properties ?? {}).flatMap(([name, field]) => {
    const path = [...prefix, name];
    const within = (value: Json) => place({ ...requiredSample(s), [name]: value });
    if (isObjectSchema(field)) return leaves(field, path, within);
    if (field.type === 'array' && field.items && isObjectSchema(field.items)) {
      const item = field.items;
      return [
        { path: path.join('.'), schema: field, place: within },
        ...leaves(item, [...path, '*'], (value) => within([{ ...requiredSample(item), ...(value as JsonObject) }])),
      ];
    }
    return [{ path: path.join('.'), schema: field, place: within }];
  });
}

/** Values a leaf should take or refuse; which is which, zod says. */
function probeValues(s: JsonSchema): Json[] {
  const values: Json[] = [sampleValue(s)];
  switch (s.type) {
    case 'boolean':
      values.push(true, false, 'yes', 1);
      break;
    case 'integer':
    case 'number': {
      const lo = s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum : undefined);
      const hi = s.maximum ?? s.exclusiveMaximum;
      const safe = (n: number) => Math.abs(n) < Number.MAX_SAFE_INTEGER;
      if (lo !== undefined && safe(lo)) values.push(lo, lo - 1, lo + 0.5);
      if (hi !== undefined && safe(hi)) values.push(hi, hi + 1);
      values.push(1.5, 1000, '5', true);
      break;
    }
    case 'string':
      if (s.enum) values.push(...s.enum, 'not-one-of-them');
      else if (s.format !== 'uri') values.push(...CORPUS.filter((c) => c !== ''), ...(s.minLength ? [''] : []));
      values.push(5);
      break;
    case 'array': {
      const item = s.items ?? {};
      if (isObjectSchema(item)) values.push([requiredSample(item)], [{ ...requiredSample(item), notAField: 1 }], [{}]);
      else values.push([sampleValue(item)], [5], 'x');
      break;
    }
    default:
      values.push(5, 'x');
  }
  // null leaves a field out: fine where it has no default (optional), refused where it is required;
  // a field with a default takes no null in Nix (leave it unset instead).
  if (s.default === undefined) values.push(null);
  return values;
}

/** Null is how an option says "left out of the config file" (nix/config-file.nix). */
function withoutNulls(value: Json): Json {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== null)
        .map(([k, v]) => [k, withoutNulls(v)]),
    );
  return value;
}

/** zod's verdict on the field: cross-field rules (refinements, code "custom") are the build-time check's. */
function zodAccepts(config: Record<string, Json>): boolean {
  const result = configSchema.safeParse(withoutNulls(config));
  return result.success || result.error.issues.every((issue) => issue.code === 'custom');
}

interface NixAnswer {
  names: string[];
  /** Each option's type, as the NixOS manual describes it. */
  types: Record<string, string>;
  defaults: JsonObject;
  results: boolean[];
}

function runNix(probes: Record<string, Json>[]): NixAnswer {
  const dir = tempDir('nix-probes');
  const probesFile = join(dir, 'probes.json');
  writeFileSync(probesFile, JSON.stringify(probes));
  const out = execFileSync(
    'nix-instantiate',
    [
      '--eval',
      '--strict',
      '--json',
      '--arg',
      'nixpkgs',
      nixpkgs!,
      '--argstr',
      'probesFile',
      probesFile,
      join(REPO_ROOT, 'nix/tests/probe-options.nix'),
    ],
    { encoding: 'utf8', env: { ...process.env, NIX_REMOTE: '' }, maxBuffer: 64 * 1024 * 1024 },
  );
  return JSON.parse(out) as NixAnswer;
}

describe.skipIf(!nixpkgs)('the generated NixOS options, evaluated (needs nix-instantiate and NIXPKGS)', () => {
  const all = leaves(schema, [], (value) => value as Record<string, Json>);
  const probes = all.flatMap((leaf) =>
    probeValues(leaf.schema).map((value) => ({ leaf, value, config: leaf.place(value) })),
  );

  it('have exactly the schema fields as options, and make the schema defaults', () => {
    const nix = runNix([]);
    const innermost = (names: string[]) =>
      names.filter((n) => !names.some((other) => other.startsWith(`${n}.`))).sort();
    expect(innermost(nix.names.filter((n) => !n.includes('._module.')))).toEqual(innermost(all.map((l) => l.path)));
    // An enum offers exactly the schema's members (probes only try the members they know of).
    for (const leaf of all.filter((l) => l.schema.enum)) {
      const offered = [...(nix.types[leaf.path] ?? '').matchAll(/"((?:[^"\\]|\\.)*)"/g)].map(
        (m) => JSON.parse(`"${m[1]}"`) as string,
      );
      expect(offered.sort(), leaf.path).toEqual([...leaf.schema.enum!].map(String).sort());
    }
    // The config file the defaults make is the config of no file at all.
    expect(configSchema.parse(nix.defaults)).toEqual(configSchema.parse({}));
  });

  it('take and refuse, field by field, what the zod schema takes and refuses', () => {
    const nix = runNix(probes.map((p) => p.config));
    const disagreements = probes
      .map((p, i) => ({ path: p.leaf.path, value: p.value, zod: zodAccepts(p.config), nix: nix.results[i] }))
      .filter((d) => d.zod !== d.nix);
    expect(probes.length).toBeGreaterThan(300);
    expect(disagreements).toEqual([]);
  });
});
