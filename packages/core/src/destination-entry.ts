/**
 * One entry of `policy.allowedDestinations`: where network tools may go without a person's
 * approval. Parsed once here, for the config's validation and for the executor's policy alike.
 *
 *   cache.lan                 that host, any port
 *   cache.lan:8080            that host and port ([fd00::5]:8080 for IPv6)
 *   *.example.org             example.org and every name below it
 *   10.0.0.0/24               every address in the range (IPv6 ranges too)
 *   https://cache.nixos.org/  URLs that start with this (scheme, host, port, path prefix)
 */
import { isIPv4, isIPv6 } from 'node:net';
import { type NormalHost, normaliseHost } from './host-name.js';

export type DestinationEntry =
  | {
      readonly kind: 'url';
      readonly raw: string;
      readonly scheme: 'http' | 'https';
      readonly host: NormalHost;
      readonly port: number;
      readonly path: string;
    }
  | { readonly kind: 'host'; readonly raw: string; readonly host: NormalHost; readonly port?: number }
  | { readonly kind: 'domain'; readonly raw: string; readonly suffix: string }
  | {
      readonly kind: 'cidr';
      readonly raw: string;
      readonly address: string;
      readonly prefix: number;
      readonly family: 4 | 6;
    };

export const DEFAULT_PORTS = { http: 80, https: 443 } as const;

export function parseDestinationEntry(raw: string): DestinationEntry | { readonly problem: string } {
  const text = raw.trim();
  if (text !== raw || text === '')
    return { problem: 'must be a host, host:port, *.domain, a CIDR range or an http(s) URL, without spaces' };
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) return urlEntry(text);
  if (text.startsWith('*.')) {
    const host = normaliseHost(text.slice(2));
    if ('problem' in host || host.kind !== 'name') return { problem: '*. must be followed by a domain name' };
    return { kind: 'domain', raw, suffix: host.host };
  }
  const slash = text.indexOf('/');
  if (slash >= 0) return cidrEntry(raw, text.slice(0, slash), text.slice(slash + 1));
  const withPort = /^(\[[^\]]+\]|[^:]+):(\d{1,5})$/.exec(text);
  const hostText = withPort ? withPort[1]! : text;
  const host = normaliseHost(hostText);
  if ('problem' in host) return { problem: `${JSON.stringify(hostText)} ${host.problem}` };
  if (!withPort) return { kind: 'host', raw, host };
  const port = Number(withPort[2]);
  if (port < 1 || port > 65535) return { problem: 'has a port outside 1-65535' };
  return { kind: 'host', raw, host, port };
}

function urlEntry(text: string): DestinationEntry | { problem: string } {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { problem: 'is not a valid URL' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { problem: 'must be an http:// or https:// URL' };
  if (url.username || url.password) return { problem: 'must not carry credentials' };
  if (url.search || url.hash) return { problem: 'must not have a query or fragment (it is a prefix of URLs)' };
  const host = normaliseHost(url.hostname);
  if ('problem' in host) return { problem: `its host ${host.problem}` };
  const scheme = url.protocol === 'http:' ? 'http' : 'https';
  return {
    kind: 'url',
    raw: text,
    scheme,
    host,
    port: url.port ? Number(url.port) : DEFAULT_PORTS[scheme],
    path: url.pathname,
  };
}

function cidrEntry(raw: string, address: string, bits: string): DestinationEntry | { problem: string } {
  if (!/^\d{1,3}$/.test(bits)) return { problem: 'has a range size that is not a number' };
  const prefix = Number(bits);
  if (isIPv4(address))
    return prefix <= 32
      ? { kind: 'cidr', raw, address, prefix, family: 4 }
      : { problem: 'has an IPv4 range size above 32' };
  if (isIPv6(address))
    return prefix <= 128
      ? { kind: 'cidr', raw, address, prefix, family: 6 }
      : { problem: 'has an IPv6 range size above 128' };
  return { problem: 'is not a CIDR range (address/size)' };
}
