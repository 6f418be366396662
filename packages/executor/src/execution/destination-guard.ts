/**
 * Network destinations, checked on the host just before the command runs. Every host name is
 * resolved there (`getent ahosts`, the resolver the tools themselves use) and each address it
 * resolves to must pass the destination rules (`policy/destinations.ts`): a name that resolves
 * to a metadata, loopback or unlisted private address is refused. Then the command is pinned to
 * the addresses that were checked, so a second lookup cannot answer differently: curl gets
 * `--resolve host:port:addresses` (and `-q`, `--globoff`, no proxy: nothing but our arguments
 * decides where it goes), ping and the DNS server of dig and nslookup get the address itself,
 * wget an http URL with the address and a Host header (it has no way to pin https; use curl).
 */
import { makeCommand } from '@ai-sysadmin/command-patterns';
import { isIPv6 } from 'node:net';
import { type Destination, type DestinationSettings, resolvedAddressDecision } from '../policy/destinations.js';
import { type ArgPosition, replaceAt } from '../policy/arg-position.js';
import type { HostCommandOptions } from './host-paths.js';
import type { GuardOutcome } from './read-guard.js';

export interface DestinationOperand {
  readonly dest: Destination;
  /** Where the host (or the whole URL, for fetch) sits in the argv. */
  readonly at: ArgPosition;
}

export interface DestinationGuardOptions extends HostCommandOptions {
  readonly argv: readonly string[];
  readonly program: string;
  readonly operands: readonly DestinationOperand[];
  readonly settings: DestinationSettings;
  /** The action runs because a person approved it (a destination outside the allow-list may then be reached). */
  readonly approvedByPerson: boolean;
}

/** Addresses a name resolves to on the host, in the resolver's order. */
export async function resolveOnHost(
  options: HostCommandOptions,
  name: string,
): Promise<{ addresses: string[] } | { problem: string }> {
  const result = await options.runner.run(
    makeCommand(['getent', 'ahosts', '--', name], {
      host: options.host,
      timeoutMs: 15_000,
      maxOutputBytes: 256 * 1024,
    }),
  );
  const addresses = [
    ...new Set(
      result.stdout
        .split('\n')
        .map((l) => l.trim().split(/\s+/)[0] ?? '')
        .filter((a) => a !== ''),
    ),
  ];
  if (result.exitCode !== 0 || addresses.length === 0) {
    const why =
      result.exitCode === 2
        ? 'no such name'
        : result.exitCode === 127
          ? 'getent is not installed'
          : `getent exited ${result.exitCode}`;
    return { problem: `could not resolve ${name} on ${options.host} before connecting (${why})` };
  }
  return { addresses };
}

export async function guardDestinations(options: DestinationGuardOptions): Promise<GuardOutcome> {
  const refuse = (message: string): GuardOutcome => ({ ok: false, code: 'DESTINATION_REFUSED', message });
  const replacements: Array<{ at: ArgPosition; value: string }> = [];
  const resolves: string[] = [];
  const wantsV6 = options.argv.includes('-6');
  for (const { dest, at } of options.operands) {
    if (dest.role === 'dns-query' || dest.role === 'reverse-lookup') continue; // the name is data sent to the server, not a place we connect to
    let addresses: string[];
    if (dest.host.kind === 'name') {
      const resolved = await resolveOnHost(options, dest.host.host);
      if ('problem' in resolved) return refuse(resolved.problem);
      addresses = resolved.addresses;
    } else {
      addresses = [dest.host.host];
    }
    for (const address of addresses) {
      const verdict = resolvedAddressDecision(address, dest, options.settings, {
        approvedByPerson: options.approvedByPerson,
      });
      if (!verdict.ok) return refuse(`${verdict.reason}; ${options.program} was not run`);
    }
    if (dest.role === 'fetch') {
      const url = new URL(dest.url!);
      if (options.program === 'wget') {
        if (dest.host.kind === 'name') {
          if (url.protocol !== 'http:')
            return refuse(
              `wget cannot be pinned to the address checked for ${dest.host.host} over https (a second lookup could answer differently); use curl, which is pinned with --resolve`,
            );
          const address = addresses[0]!;
          const host = url.host;
          url.hostname = isIPv6(address) ? `[${address}]` : address;
          replacements.push({ at, value: url.href });
          resolves.push(`--header=Host: ${host}`);
        } else {
          replacements.push({ at, value: url.href });
        }
      } else {
        replacements.push({ at, value: url.href });
        if (dest.host.kind === 'name') {
          resolves.push(
            '--resolve',
            `${dest.host.host}:${dest.port}:${addresses.map((a) => (isIPv6(a) ? `[${a}]` : a)).join(',')}`,
          );
        }
      }
      continue;
    }
    if (dest.host.kind === 'name') {
      const preferred = addresses.find((a) => isIPv6(a) === wantsV6) ?? addresses[0]!;
      replacements.push({ at, value: preferred });
    }
  }
  let argv = replaceAt(options.argv, replacements);
  if (options.program === 'curl') argv = [argv[0]!, '-q', '--globoff', '--noproxy', '*', ...resolves, ...argv.slice(1)];
  if (options.program === 'wget')
    argv = [argv[0]!, '--no-config', '--no-proxy', '--max-redirect=0', ...resolves, ...argv.slice(1)];
  return { ok: true, argv };
}
