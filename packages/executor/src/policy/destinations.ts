/**
 * Where network tools may go: an allow-list of destinations, judged by address. curl, wget,
 * ping, dig and nslookup run without a person only toward the managed systems, the assistant's
 * own services (ollamaHost, chromaUrl, gotify.url) and what the site lists
 * (`policy.allowedDestinations`). Anything else needs a person's approval at every autonomy
 * level, so a model that read a planted instruction cannot send data out, fetch instructions in,
 * or look up a name that carries a secret. Whatever is listed or approved, cloud metadata and
 * other special addresses, the assistant's own Redis and container-engine APIs are never
 * reached, and loopback and link-local addresses only where listed with their port. Names are
 * judged again by what they resolve to on the host when the command runs
 * (`execution/destination-guard.ts`), and pinned to the addresses that were checked.
 */
import {
  type DestinationEntry,
  type NormalHost,
  DEFAULT_PORTS,
  normaliseHost,
  parseDestinationEntry,
} from '@ai-sysadmin/core';
import { type AddressClass, classifyAddress, inRange } from './address-classes.js';

/** What a network tool does with a host. */
export type DestinationRole = 'fetch' | 'ping' | 'dns-server' | 'dns-query' | 'reverse-lookup';

export interface Destination {
  readonly role: DestinationRole;
  readonly host: NormalHost;
  /** fetch: the URL's port; dns-server: 53 or -p. */
  readonly port?: number;
  /** fetch: the URL in its canonical form. */
  readonly url?: string;
}

export interface ProtectedEndpoint {
  readonly host?: NormalHost;
  /** When set, every loopback address with this port is this endpoint too (a service on localhost). */
  readonly anyLoopback?: boolean;
  readonly port: number;
  readonly what: string;
}

export interface DestinationSettings {
  /** Config `policy.allowedDestinations`, parsed. */
  readonly entries: readonly DestinationEntry[];
  /** The managed systems' configured addresses. */
  readonly managedAddresses: readonly string[];
  /** URLs of the assistant's own services: reached for their health. */
  readonly serviceUrls: readonly string[];
  readonly protectedEndpoints: readonly ProtectedEndpoint[];
}

/** Container-engine and cluster APIs: whoever reaches them runs containers or reads their secrets. */
export const CONTAINER_API_PORTS: ReadonlyMap<number, string> = new Map([
  [2375, 'the Docker API'],
  [2376, 'the Docker API (TLS)'],
  [4243, 'the Docker API'],
  [2379, 'etcd'],
  [2380, 'etcd'],
  [10250, 'the kubelet API'],
  [10255, 'the kubelet API'],
  [6443, 'the Kubernetes API'],
]);

const LOOPBACK_ADDRESSES: readonly NormalHost[] = [
  { kind: 'ipv4', host: '127.0.0.1' },
  { kind: 'ipv6', host: '::1' },
];

/** Names that mean this machine whatever DNS says (RFC 6761). */
const LOOPBACK_NAMES = /^(localhost|localhost\.localdomain|ip6-localhost|ip6-loopback)$|\.localhost$/;

export type DestinationVerdict =
  | { readonly ok: true; readonly because: string }
  | { readonly ok: false; readonly person: boolean; readonly reason: string };

export function destinationSettings(input: {
  allowedDestinations?: readonly string[];
  managedAddresses?: readonly string[];
  serviceUrls?: readonly string[];
  redisUrl?: string;
  protectedEndpoints?: readonly ProtectedEndpoint[];
}): DestinationSettings {
  const entries = (input.allowedDestinations ?? [])
    .map(parseDestinationEntry)
    .filter((e): e is DestinationEntry => !('problem' in e));
  const protectedEndpoints: ProtectedEndpoint[] = [...(input.protectedEndpoints ?? [])];
  if (input.redisUrl) {
    try {
      const url = new URL(input.redisUrl);
      const host = normaliseHost(url.hostname);
      if (!('problem' in host)) {
        protectedEndpoints.push({
          host,
          anyLoopback: isLoopbackHost(host),
          port: url.port ? Number(url.port) : 6379,
          what: "the assistant's own Redis",
        });
      }
    } catch {
      // an unreadable redisUrl is the config's problem, reported there
    }
  }
  return {
    entries,
    managedAddresses: input.managedAddresses ?? [],
    serviceUrls: input.serviceUrls ?? [],
    protectedEndpoints,
  };
}

function isLoopbackHost(host: NormalHost): boolean {
  return host.kind === 'name' ? LOOPBACK_NAMES.test(host.host) : classifyAddress(host.host) === 'loopback';
}

const describe = (d: Destination) => d.url ?? (d.port !== undefined ? `${d.host.host}:${d.port}` : d.host.host);

/** Which allow-list entry (or managed system, or service) covers this destination as written; undefined when none does. */
export function listedAs(
  dest: Destination,
  settings: DestinationSettings,
  { needPort = false } = {},
): string | undefined {
  const host = dest.host.host;
  const managed = settings.managedAddresses.find((a) => {
    const n = normaliseHost(a);
    return !('problem' in n) && n.host === host;
  });
  if (managed && !needPort) return `${host} is a managed system`;
  const services = settings.serviceUrls
    .map(parseDestinationEntry)
    .filter((e): e is DestinationEntry => !('problem' in e));
  for (const [entry, whose] of [
    ...services.map((e) => [e, "the assistant's own service"] as const),
    ...settings.entries.map((e) => [e, 'policy.allowedDestinations'] as const),
  ]) {
    if (entryCovers(entry, dest, needPort)) return `${entry.raw} is listed (${whose})`;
  }
  return undefined;
}

function entryCovers(entry: DestinationEntry, dest: Destination, needPort: boolean): boolean {
  const host = dest.host.host;
  const portMatters = dest.role === 'fetch' || dest.role === 'dns-server';
  switch (entry.kind) {
    case 'url':
      if (entry.host.host !== host) return false;
      if (dest.role !== 'fetch') return !needPort || !portMatters || entry.port === dest.port;
      return dest.url !== undefined && urlUnder(dest.url, entry);
    case 'host':
      if (entry.host.host !== host) return false;
      if (entry.port === undefined) return !needPort || !portMatters;
      return !portMatters || entry.port === dest.port;
    case 'domain':
      return !needPort && dest.host.kind === 'name' && (host === entry.suffix || host.endsWith(`.${entry.suffix}`));
    case 'cidr':
      return !needPort && dest.host.kind !== 'name' && inRange(host, entry);
  }
}

function urlUnder(url: string, entry: Extract<DestinationEntry, { kind: 'url' }>): boolean {
  const u = new URL(url);
  const scheme = u.protocol === 'http:' ? 'http' : 'https';
  const port = u.port ? Number(u.port) : DEFAULT_PORTS[scheme];
  if (scheme !== entry.scheme || port !== entry.port) return false;
  const prefix = entry.path.endsWith('/') ? entry.path : `${entry.path}/`;
  return u.pathname === entry.path || u.pathname.startsWith(prefix);
}

function protectedEndpoint(
  address: string | undefined,
  dest: Destination,
  settings: DestinationSettings,
): string | undefined {
  if (dest.role !== 'fetch' || dest.port === undefined) return undefined;
  const engine = CONTAINER_API_PORTS.get(dest.port);
  if (engine) return `port ${dest.port} is ${engine}; whoever reaches it controls containers or reads their secrets`;
  for (const endpoint of settings.protectedEndpoints) {
    if (endpoint.port !== dest.port) continue;
    const sameHost =
      endpoint.host?.host === dest.host.host || (address !== undefined && endpoint.host?.host === address);
    const loopback =
      endpoint.anyLoopback &&
      (isLoopbackHost(dest.host) || (address !== undefined && classifyAddress(address) === 'loopback'));
    if (sameHost || loopback) return `${describe(dest)} is ${endpoint.what}`;
  }
  return undefined;
}

const NEVER: Partial<Record<AddressClass, string>> = {
  metadata: "is a cloud metadata address, which hands out the machine's credentials",
  special: 'is not a unicast address one talks to (multicast, reserved or benchmarking)',
  unspecified: 'is the unspecified address, which reaches this machine',
};

/** The proposal-time verdict on one destination as written. */
export function destinationDecision(dest: Destination, settings: DestinationSettings): DestinationVerdict {
  if (dest.role === 'dns-query') {
    const listed = listedAs(dest, settings);
    if (listed) return { ok: true, because: listed };
    return {
      ok: false,
      person: true,
      reason: `a DNS lookup of ${dest.host.host}, a name outside the allow-list, needs a person: the name itself can carry data out to whoever answers for its domain`,
    };
  }
  if (dest.role === 'reverse-lookup') {
    const listed = listedAs({ ...dest, role: 'ping' }, settings);
    if (listed) return { ok: true, because: listed };
    return {
      ok: false,
      person: true,
      reason: `a reverse lookup of ${dest.host.host}, an address outside the allow-list, needs a person: the address can carry data out`,
    };
  }
  const protectedWhy = protectedEndpoint(dest.host.kind === 'name' ? undefined : dest.host.host, dest, settings);
  if (protectedWhy) return { ok: false, person: false, reason: `${protectedWhy}; it is never reached` };
  if (dest.host.kind === 'name') {
    if (LOOPBACK_NAMES.test(dest.host.host)) return loopbackVerdict(dest, settings, 'loopback');
    const listed = listedAs(dest, settings);
    if (listed) return { ok: true, because: `${listed}; what it resolves to is checked on the host when it runs` };
    return { ok: false, person: true, reason: outsideReason(dest) };
  }
  const cls = classifyAddress(dest.host.host);
  const never = NEVER[cls];
  if (never) return { ok: false, person: false, reason: `${dest.host.host} ${never}; it is never reached` };
  if (cls === 'loopback' || cls === 'link-local') return loopbackVerdict(dest, settings, cls);
  const listed = listedAs(dest, settings);
  if (listed) return { ok: true, because: listed };
  return { ok: false, person: true, reason: outsideReason(dest) };
}

function loopbackVerdict(
  dest: Destination,
  settings: DestinationSettings,
  cls: 'loopback' | 'link-local',
): DestinationVerdict {
  // `localhost` is 127.0.0.1 and ::1 whatever DNS says: a service listed by either address counts.
  const spellings: Destination[] =
    dest.host.kind === 'name' ? [dest, ...LOOPBACK_ADDRESSES.map((host) => ({ ...dest, host }))] : [dest];
  const listed = spellings.map((d) => listedAs(d, settings, { needPort: true })).find((l) => l !== undefined);
  if (listed) return { ok: true, because: listed };
  const port = dest.role === 'fetch' || dest.role === 'dns-server' ? ' with its port' : '';
  return {
    ok: false,
    person: false,
    reason: `${describe(dest)} is a ${cls} destination (services of this machine: a container engine, the assistant's Redis or API), reached only where policy.allowedDestinations lists it${port}`,
  };
}

function outsideReason(dest: Destination): string {
  const verb = dest.role === 'fetch' ? 'fetching' : dest.role === 'ping' ? 'pinging' : 'asking the DNS server';
  return `${verb} ${describe(dest)} needs a person: it is not a managed system, one of the assistant's services or in policy.allowedDestinations, and a request can carry data out or bring instructions in`;
}

/**
 * The execution-time verdict on one address a destination resolved to on the host. A listed
 * name that resolves to a private, loopback or metadata address is refused unless that address
 * is listed (or the name is a managed system's, for a private one).
 */
export function resolvedAddressDecision(
  address: string,
  dest: Destination,
  settings: DestinationSettings,
  options: { approvedByPerson: boolean },
): DestinationVerdict {
  const cls = classifyAddress(address);
  const shown = `${dest.host.host} resolves to ${address}, which`;
  const never = NEVER[cls];
  if (never) return { ok: false, person: false, reason: `${shown} ${never}` };
  const asAddress: Destination = { ...dest, host: { kind: address.includes(':') ? 'ipv6' : 'ipv4', host: address } };
  const protectedWhy = protectedEndpoint(address, dest, settings);
  if (protectedWhy) return { ok: false, person: false, reason: `${shown} is protected: ${protectedWhy}` };
  if (cls === 'loopback' || cls === 'link-local') {
    const listed = listedAs(dest, settings, { needPort: true }) ?? listedAs(asAddress, settings, { needPort: true });
    return listed
      ? { ok: true, because: listed }
      : { ok: false, person: false, reason: `${shown} is ${cls}; it is reached only where listed with its port` };
  }
  if (cls === 'private') {
    const managedName =
      dest.host.kind === 'name' &&
      settings.managedAddresses.some((a) => a.toLowerCase().replace(/\.$/, '') === dest.host.host);
    const listed = listedAs(asAddress, settings);
    if (listed || managedName) return { ok: true, because: listed ?? `${dest.host.host} is a managed system` };
    if (dest.host.kind !== 'name' && options.approvedByPerson)
      return { ok: true, because: 'a person approved this address' };
    return {
      ok: false,
      person: false,
      reason: `${shown} is private; a name reaches a private address only when the address or its range is listed in policy.allowedDestinations`,
    };
  }
  if (listedAs(dest, settings)) return { ok: true, because: 'listed' };
  if (options.approvedByPerson) return { ok: true, because: 'a person approved this destination' };
  return { ok: false, person: true, reason: outsideReason(dest) };
}
