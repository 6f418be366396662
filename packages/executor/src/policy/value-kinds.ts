/**
 * How each value kind of the catalog is checked. A check returns the problem with a word, or
 * undefined; units and content paths it accepts are collected for later rules (critical units,
 * symlink resolution at execution time).
 */
import type { RemoteSystem } from '@ai-sysadmin/core';
import type { ValueSpec } from './catalog-types.js';
import { type SecretPathSettings, normaliseAbsolutePath, secretPathProblem } from './secret-paths.js';
import { unitNameProblem } from './unit-name.js';
import { NIX_STORE_PATH_PATTERN } from '@ai-sysadmin/core';

export interface ValueContext {
  readonly secrets: SecretPathSettings;
  readonly remoteSystems: readonly Pick<RemoteSystem, 'name' | 'address' | 'user'>[];
  readonly sshUser?: string;
  /** Filled while matching. */
  readonly units: string[];
  readonly readPaths: string[];
}

const PRIORITY = '(emerg|alert|crit|err|warning|notice|info|debug|[0-7])';
const PATTERNS: Partial<Record<string, RegExp>> = {
  count: /^\d{1,9}$/,
  'signed-count': /^[+-]?\d{1,9}$/,
  number: /^\d{1,6}(\.\d{1,3})?$/,
  word: /^[A-Za-z0-9_][A-Za-z0-9._:@%+,=/-]{0,254}$/,
  'field-list': /^[A-Za-z0-9_][A-Za-z0-9_.,:%=-]{0,1023}$/,
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

const HOST_NAME = /^(?=.{1,253}$)[A-Za-z0-9_]([A-Za-z0-9_-]{0,62})(\.[A-Za-z0-9_]([A-Za-z0-9_-]{0,62}))*\.?$/;
const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;
const IPV6 = /^[0-9A-Fa-f:.]{2,45}$/;

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
      const path = normaliseAbsolutePath(value);
      if (!value.startsWith('/')) return 'must be an absolute path (the working directory of a command is not known)';
      if (path === undefined) return 'contains ".." (path traversal is never followed)';
      if (spec === 'meta-path') return undefined;
      const secret = secretPathProblem(path, ctx.secrets);
      if (secret) return `is refused: ${secret}`;
      ctx.readPaths.push(path);
      return undefined;
    }
    case 'host':
      return hostProblem(value);
    case 'url':
      return urlProblem(value);
    case 'flake':
      return flakeProblem(value, ctx);
    case 'ssh-destination':
      return sshDestinationProblem(value, ctx);
    case 'dig-arg':
      return digArgProblem(value);
    default: {
      const pattern = PATTERNS[spec];
      if (!pattern) return `has no check for kind ${spec}`;
      return pattern.test(value) ? undefined : `is not a valid ${spec}`;
    }
  }
}

function hostProblem(value: string): string | undefined {
  if (value.startsWith('-')) return 'starts with "-"';
  const v4 = IPV4.exec(value);
  if (v4) return v4.slice(1).every((o) => Number(o) <= 255) ? undefined : 'is not a valid IPv4 address';
  if (value.includes(':')) return IPV6.test(value) ? undefined : 'is not a valid IPv6 address';
  return HOST_NAME.test(value) ? undefined : 'is not a valid host name';
}

function urlProblem(value: string): string | undefined {
  if (/[{}[\]\s\\]/.test(value)) return 'has characters curl reads as a URL glob or that no URL has';
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'is not a URL';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    return `uses ${url.protocol} (only http and https are fetched)`;
  if (url.username || url.password) return 'carries credentials';
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (METADATA_HOSTS.test(host))
    return `points at ${host}, a cloud metadata or link-local address that hands out credentials`;
  return hostProblem(host);
}

/** Cloud instance metadata and link-local addresses: a GET there can return credentials. */
const METADATA_HOSTS =
  /^(169\.254\.\d{1,3}\.\d{1,3}|fe80:.*|fd00:ec2::254|metadata|metadata\.google\.internal|metadata\.azure\.com|100\.100\.100\.200)$/i;

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
  const path = normaliseAbsolutePath(dir);
  if (!dir.startsWith('/') || path === undefined) return 'must be an absolute flake directory without ".."';
  const secret = secretPathProblem(path, { ...ctx.secrets, worldWritable: false });
  if (secret) return `is refused: ${secret} (a flake's files are copied into the world-readable Nix store)`;
  if (attr && !/^[A-Za-z0-9_"][A-Za-z0-9_."-]{0,254}$/.test(attr)) return 'has an attribute path with odd characters';
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

function digArgProblem(value: string): string | undefined {
  if (value.startsWith('@')) return hostProblem(value.slice(1));
  if (value.startsWith('+')) {
    const [name, arg] = value.slice(1).split('=', 2) as [string, string | undefined];
    if (arg === undefined) return DIG_OPTIONS.has(name) ? undefined : `is a dig option that is not allowed`;
    return DIG_NUMERIC_OPTIONS.has(name) && /^\d{1,2}$/.test(arg) ? undefined : 'is a dig option that is not allowed';
  }
  if (DNS_TYPES.has(value.toUpperCase())) return undefined;
  return hostProblem(value);
}
