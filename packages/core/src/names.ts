import { normaliseHost } from './host-name.js';

/**
 * The names the product gives things. A managed system's name and the assistant's name become
 * parts of CLI commands, systemd unit names, queue names and branch names, so they are kept to
 * what all of those allow.
 */

/** Lowercase letters, digits and dashes, starting with a letter or digit, at most 63 characters. */
export const NAME_PATTERN = /^[a-z0-9][a-z0-9-]{0,62}$/;

/** The host name that means this machine; no managed system may take it. */
export const LOCAL_HOST = 'local';

/** Characters the shell gives a meaning to; none is ever part of a host name or address. */
const SHELL_SYNTAX = /[$`;&|<>(){}*?~!#'"\\,=^[\]]/;

/**
 * Why a managed system's address is not one, or undefined when it is. An address becomes an
 * argument of ssh-keyscan and of `nixos-rebuild --target-host user@address`, so one that starts
 * with `-` or holds shell syntax is refused with the reason, even though ssh2 itself uses no shell.
 * What passes is a host name or IP address as `normaliseHost` reads them (an IPv6 address bare,
 * with an optional zone).
 */
export function hostAddressProblem(address: string): string | undefined {
  if (address === '') return 'must name a host or IP address';
  if (address.startsWith('-'))
    return "must not start with '-': ssh and the tools given a host (ssh-keyscan, nixos-rebuild --target-host) would read it as an option";
  const space = /[\s\p{Cc}\p{Cf}]/u.exec(address);
  if (space) return `holds ${describeChar(space[0])}: a host name or address never does`;
  if (address.includes('@')) return 'holds "@": give the user in `user` (or ssh.user), the address alone here';
  if (address.includes('/')) return 'holds "/": give a bare host name or IP address, not a URL or a path';
  if (/^\[.*\]$/.test(address)) return 'is in brackets: give an IPv6 address bare (fe80::1), and the port in `port`';
  const syntax = SHELL_SYNTAX.exec(address);
  if (syntax) return `holds "${syntax[0]}", which is shell syntax and never part of a host name or address`;
  // An IPv6 zone (fe80::1%eth0) is for the connection only.
  const normal = normaliseHost(address.includes(':') ? address.replace(/%[A-Za-z0-9_.-]+$/, '') : address);
  return 'problem' in normal ? `${normal.problem}: give a host name or an IP address` : undefined;
}

function describeChar(char: string): string {
  if (char === ' ') return 'a space';
  return `the character U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}
