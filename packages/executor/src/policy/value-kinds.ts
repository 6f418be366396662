/**
 * How each value kind of the catalog is checked. A check returns the problem with a word, or
 * undefined; units and content paths it accepts are collected for later rules (critical units,
 * symlink resolution at execution time).
 */
import {
  type NormalHost,
  type RemoteSystem,
  DEFAULT_PORTS,
  NIX_STORE_PATH_PATTERN,
  hostForUrl,
} from '@ai-sysadmin/core';
import type { ArgPosition } from './arg-position.js';
import type { ValueSpec } from './catalog-types.js';
import type { Destination, DestinationRole } from './destinations.js';
import { normaliseHost, normalisePath } from './normalise.js';
import { type SecretPathSettings, secretPathProblem } from './secret-paths.js';
import { unitNameProblem } from './unit-name.js';

/** A path an argument names: its contents are read (`path`), or only its name and metadata (`meta-path`). */
export interface RecordedPath {
  readonly path: string;
  readonly kind: 'content' | 'meta';
  readonly at?: ArgPosition;
}

/** What matching found, for the rules after it and the checks on the host when it runs. */
export interface Recorded {
  readonly paths: RecordedPath[];
  readonly destinations: Array<{ readonly dest: Destination; readonly at?: ArgPosition }>;
  readonly flakes: Array<{ readonly dir: string; readonly suffix: string; readonly at?: ArgPosition }>;
}

export function emptyRecord(): Recorded {
  return { paths: [], destinations: [], flakes: [] };
}

export interface ValueContext {
  readonly secrets: SecretPathSettings;
  readonly remoteSystems: readonly Pick<RemoteSystem, 'name' | 'address' | 'user'>[];
  readonly sshUser?: string;
  /** Filled while matching. */
  readonly units: string[];
  readonly readPaths: string[];
  readonly recorded: Recorded;
  /** Where the value being checked sits in the argv. */
  at?: ArgPosition | undefined;
}

const PRIORITY = '(emerg|alert|crit|err|warning|notice|info|debug|[0-7])';
const PATTERNS: Partial<Record<string, RegExp>> = {
  count: /^\d{1,9}$/,
  'signed-count': /^[+-]?\d{1,9}$/,
  number: /^\d{1,6}(\.\d{1,3})?$/,
  word: /^[A-Za-z0-9_][A-Za-z0-9._:@%+,=/-]{0,254}$/,
  'field-list': /^[A-Za-z0-9_%][A-Za-z0-9_.,:%=-]{0,1023}$/,
  // ps --sort: keys with an optional + or - each (`-%mem`, `+pid,-rss`)
  'sort-keys': /^[+-]?[A-Za-z_%][A-Za-z0-9_%]{0,31}(,[+-]?[A-Za-z_%][A-Za-z0-9_%]{0,31}){0,15}$/,
  // lsof -i: [46][protocol][@host][:port[,port...]], never empty
  'inet-spec': /^(?=.)[46]?(tcp|udp|TCP|UDP)?(@[A-Za-z0-9.:[\]_-]{1,255})?(:[A-Za-z0-9,_-]{1,64})?$/,
  // journalctl -b: an offset or a boot id with an optional offset
  boot: /^[+-]?\d{1,9}$|^[0-9a-fA-F]{32}([+-]\d{1,9})?$|^all$/,
  time: /^[A-Za-z0-9][A-Za-z0-9 :+.-]{0,63}$|^-[0-9][A-Za-z0-9 :.]{0,62}$/,
  'journal-match': /^[A-Z0-9_]{1,64}=[^\s]{0,256}$/,
  priority: new RegExp(`^${PRIORITY}(\\.\\.${PRIORITY})?$`),
  'config-name': /^[A-Za-z0-9_][A-Za-z0-9_-]{0,62}$/,
  'pid-list': /^\d{1,9}(,\d{1,9}){0,63}$/,
  'user-name': /^[a-z_][a-z0-9_-]{0,31}$/i,
  interface: /^[A-Za-z0-9_][A-Za-z0-9_.:@-]{0,14}$/,
  format: /^[%A-Za-z0-9 ._:/,=-]{1,128}$/,
  'name-pattern': /^[^/\s-][^/]{0,254}$/,
  size: /^[+-]?\d{1,9}[cwbkMG]?$/,
  'signed-number': /^[+-]?\d{1,9}$/,
  'store-path': NIX_STORE_PATH_PATTERN,
};

const DIG_OPTIONS = new Set([
  'short',
  'noall',
  'all',
  'answer',
  'noanswer',
  'authority',
  'noauthority',
  'additional',
  'noadditional',
  'question',
  'noquestion',
  'comments',
  'nocomments',
  'stats',
  'nostats',
  'cmd',
  'nocmd',
  'trace',
  'notrace',
  'tcp',
  'notcp',
  'recurse',
  'norecurse',
  'dnssec',
  'nodnssec',
  'multiline',
  'nomultiline',
  'identify',
  'noidentify',
  'search',
  'nosearch',
]);
const DIG_NUMERIC_OPTIONS = new Set(['time', 'tries', 'retry', 'ndots']);
const DNS_TYPES = new Set([
  'A',
  'AAAA',
  'MX',
  'NS',
  'TXT',
  'SOA',
  'CNAME',
  'PTR',
  'SRV',
  'CAA',
  'ANY',
  'DS',
  'DNSKEY',
  'HTTPS',
  'SVCB',
  'IN',
  'CH',
]);

export function describeSpec(spec: ValueSpec): string {
  if (typeof spec === 'string') return spec;
  if ('oneOf' in spec) return `one of ${spec.oneOf.join(', ')}`;
  return `a ${spec.kind} up to ${spec.max}`;
}

/** Why `value` is not of this kind, or undefined when it is. */
export function valueProblem(spec: ValueSpec, value: string, ctx: ValueContext): string | undefined {
  if (typeof spec !== 'string') {
    if ('oneOf' in spec) return spec.oneOf.includes(value) ? undefined : `must be one of ${spec.oneOf.join(', ')}`;
    const inner = valueProblem(spec.kind, value, ctx);
    if (inner) return inner;
    const n = Number(value);
    if (n > spec.max) return `must be at most ${spec.max}`;
    if (spec.min !== undefined && n < spec.min) return `must be at least ${spec.min}`;
    return undefined;
  }
  switch (spec) {
    case 'text':
      return value.length > 1024 ? 'is longer than 1024 characters' : undefined;
    case 'unit': {
      const problem = unitNameProblem(value);
      if (!problem) ctx.units.push(value);
      return problem;
    }
    case 'path':
    case 'meta-path': {
      const odd = nonAsciiProblem(value);
      if (odd) return odd;
      const path = normalisePath(value);
      if (!value.startsWith('/')) return 'must be an absolute path (the working directory of a command is not known)';
      if (path === undefined) return 'contains ".." (path traversal is never followed)';
      if (spec === 'meta-path') {
        ctx.recorded.paths.push({ path, kind: 'meta', ...at(ctx) });
        return undefined;
      }
      const secret = secretPathProblem(path, { ...ctx.secrets, worldWritable: false });
      if (secret) return `is refused: ${secret}`;
      ctx.readPaths.push(path);
      ctx.recorded.paths.push({ path, kind: 'content', ...at(ctx) });
      return undefined;
    }
    case 'host':
      return destinationHost(value, 'ping', ctx);
    case 'dns-name':
      if (value === '.') return undefined; // the root zone: a lookup that carries nothing
      return destinationHost(value, 'dns-query', ctx);
    case 'dns-server':
      return destinationHost(value, 'dns-server', ctx, 53);
    case 'dns-reverse':
      return destinationHost(value, 'reverse-lookup', ctx, undefined, true);
    case 'url':
      return urlProblem(value, ctx);
    case 'flake':
      return flakeProblem(value, ctx);
    case 'ssh-destination':
      return sshDestinationProblem(value, ctx);
    case 'dig-arg':
      return digArgProblem(value, ctx);
    default: {
      const pattern = PATTERNS[spec];
      if (!pattern) return `has no check for kind ${spec}`;
      return pattern.test(value) ? undefined : `is not a valid ${spec}`;
    }
  }
}

const at = (ctx: ValueContext) => (ctx.at ? { at: ctx.at } : {});

/** A host as the tool will use it, normalised and recorded as a destination with its role. */
function destinationHost(
  value: string,
  role: DestinationRole,
  ctx: ValueContext,
  port?: number,
  addressOnly = false,
): string | undefined {
  const host = normaliseHost(value);
  if ('problem' in host) return host.problem;
  if (addressOnly && host.kind === 'name') return 'must be an IP address';
  // nslookup of an address is a reverse lookup
  const effective: DestinationRole = role === 'dns-query' && host.kind !== 'name' ? 'reverse-lookup' : role;
  ctx.recorded.destinations.push({
    dest: { role: effective, host, ...(port !== undefined ? { port } : {}) },
    ...at(ctx),
  });
  return undefined;
}

/** http(s) only, no credentials, nothing curl reads as a glob; the host normalised, the URL recorded in its canonical form. */
function urlProblem(value: string, ctx: ValueContext): string | undefined {
  if (/[{}[\]\s\\]/.test(value.replace(/^(https?:\/\/)\[([0-9A-Fa-f:.]+)\]/, '$1$2')))
    return 'has characters curl reads as a URL glob or that no URL has';
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'is not a URL';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    return `uses ${url.protocol} (only http and https are fetched)`;
  if (url.username || url.password || /^[a-z]+:\/\/[^/]*@/i.test(value)) return 'carries credentials';
  const host: NormalHost | { problem: string } = normaliseHost(url.hostname);
  if ('problem' in host) return `has a host that ${host.problem}`;
  url.hostname = hostForUrl(host);
  const scheme = url.protocol === 'http:' ? 'http' : 'https';
  const port = url.port ? Number(url.port) : DEFAULT_PORTS[scheme];
  ctx.recorded.destinations.push({ dest: { role: 'fetch', host, port, url: url.href }, ...at(ctx) });
  return undefined;
}

/** A path a person approves must read as what it is: no look-alike letters from other scripts. */
function nonAsciiProblem(value: string): string | undefined {
  const odd = [...value].find((ch) => ch.codePointAt(0)! > 0x7e);
  return odd
    ? `has the non-ASCII character ${JSON.stringify(odd)} (U+${odd.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}), which can imitate another path`
    : undefined;
}

/** A flake on this machine: an absolute directory (never a URL to fetch code from) and an attribute path. */
function flakeProblem(value: string, ctx: ValueContext): string | undefined {
  const odd = nonAsciiProblem(value);
  if (odd) return odd;
  const hash = value.indexOf('#');
  const dir = hash >= 0 ? value.slice(0, hash) : value;
  const attr = hash >= 0 ? value.slice(hash + 1) : '';
  if (dir.includes(':')) return 'names a flake by URL; only a local flake directory is built';
  if (!/^[A-Za-z0-9._+@,=/-]*$/.test(dir))
    return 'has a flake directory with characters Nix reads as more than a path (such as ? for parameters)';
  const path = normalisePath(dir);
  if (!dir.startsWith('/') || path === undefined) return 'must be an absolute flake directory without ".."';
  const secret = secretPathProblem(path, { ...ctx.secrets, worldWritable: false });
  if (secret) return `is refused: ${secret} (a flake's files are copied into the world-readable Nix store)`;
  if (attr && !/^[A-Za-z0-9_"][A-Za-z0-9_."-]{0,254}$/.test(attr)) return 'has an attribute path with odd characters';
  ctx.recorded.flakes.push({ dir: path, suffix: hash >= 0 ? value.slice(hash) : '', ...at(ctx) });
  return undefined;
}

/** `--target-host`: only the address of a managed system, with its configured user. */
function sshDestinationProblem(value: string, ctx: ValueContext): string | undefined {
  if (value.startsWith('-')) return 'starts with "-" (ssh would read it as an option)';
  const at = value.lastIndexOf('@');
  const user = at >= 0 ? value.slice(0, at) : undefined;
  const address = at >= 0 ? value.slice(at + 1) : value;
  const system = ctx.remoteSystems.find((s) => s.address === address);
  if (!system) return 'is not the address of a managed system (remote hosts are reached only through remoteSystems)';
  const expected = system.user ?? ctx.sshUser;
  if (user !== undefined && expected !== undefined && user !== expected)
    return `uses user ${user}, not ${expected} as configured for ${system.name}`;
  return undefined;
}

function digArgProblem(value: string, ctx: ValueContext): string | undefined {
  if (value.startsWith('@')) {
    const saved = ctx.at;
    ctx.at = saved ? { index: saved.index, prefix: `${saved.prefix}@` } : undefined;
    const problem = destinationHost(value.slice(1), 'dns-server', ctx, 53);
    ctx.at = saved;
    return problem;
  }
  if (value.startsWith('+')) {
    const [name, arg] = value.slice(1).split('=', 2) as [string, string | undefined];
    if (arg === undefined) return DIG_OPTIONS.has(name) ? undefined : `is a dig option that is not allowed`;
    return DIG_NUMERIC_OPTIONS.has(name) && /^\d{1,2}$/.test(arg) ? undefined : 'is a dig option that is not allowed';
  }
  if (DNS_TYPES.has(value.toUpperCase())) return undefined;
  if (value === '.') return undefined;
  return destinationHost(value, 'dns-query', ctx);
}
