/**
 * Host names and addresses reduced to the one spelling every rule compares: lowercase, without a
 * trailing dot, international names in their ASCII (IDNA) form, IPv4 in dotted quads whatever
 * shorthand was written (`127.1`, `0x7f.1`, `2130706433` are all 127.0.0.1, as curl and ping
 * read them), IPv6 compressed (`0:0:0:0:0:ffff:7f00:1` is `::ffff:7f00:1`). The config's
 * destination entries and the executor's policy both use this, so a listed name and a name in a
 * command meet in the same form.
 */
import { isIPv4, isIPv6 } from 'node:net';
import { domainToASCII } from 'node:url';

export type NormalHost =
  { readonly kind: 'ipv4' | 'ipv6'; readonly host: string } | { readonly kind: 'name'; readonly host: string };

const LABEL = /^[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?$/;

/** The normal form of a host as written in a URL, an option or an operand, or why it is none. */
export function normaliseHost(raw: string): NormalHost | { readonly problem: string } {
  if (raw === '') return { problem: 'is empty' };
  if (raw.startsWith('-')) return { problem: 'starts with "-"' };
  if (/[\s/\\?#@%]/.test(raw)) return { problem: 'has a character no host name has' };
  const bracketed = raw.startsWith('[') && raw.endsWith(']');
  const bare = bracketed ? raw.slice(1, -1) : raw;
  if (bare.includes(':')) {
    if (!isIPv6(bare)) return { problem: 'is not a valid IPv6 address' };
    // The URL parser gives the canonical, compressed, lowercase form.
    return { kind: 'ipv6', host: new URL(`http://[${bare}]/`).hostname.slice(1, -1) };
  }
  if (bracketed) return { problem: 'is not a valid IPv6 address' };
  const trimmed = bare.endsWith('.') ? bare.slice(0, -1) : bare;
  const ascii = domainToASCII(trimmed);
  if (ascii === '') return { problem: 'is not a valid host name or IPv4 address' };
  const host = ascii.toLowerCase();
  if (isIPv4(host)) return { kind: 'ipv4', host };
  if (host.length > 253) return { problem: 'is longer than 253 characters' };
  const labels = host.split('.');
  if (!labels.every((l) => LABEL.test(l))) return { problem: 'is not a valid host name' };
  // A last label of digits only would be read as part of an IPv4 address by some tools.
  if (/^\d+$/.test(labels.at(-1)!)) return { problem: 'is neither a valid IPv4 address nor a host name' };
  return { kind: 'name', host };
}

/** `host` as it goes into a URL or `host:port`: IPv6 in brackets. */
export function hostForUrl(host: NormalHost): string {
  return host.kind === 'ipv6' ? `[${host.host}]` : host.host;
}
