/**
 * Which OS a host runs: /etc/os-release (os-release(5)), or `sw_vers` on macOS, which has none.
 * The family decides how the host's tools are used later (NixOS generations, apt vs dnf), so
 * ID_LIKE is honoured: Linux Mint (`ID_LIKE="ubuntu debian"`) is of the ubuntu family, Rocky of rhel.
 */
import type { OsFamily } from '@ai-sysadmin/core';
import { ToolOutputError } from '../../errors/tool-output-error.js';

export interface OsRelease {
  id: string;
  name: string;
  version: string | null;
  family: OsFamily;
}

/** os-release IDs (and ID_LIKE words) of each family; checked for ID first, then each ID_LIKE word in order. */
const FAMILY_OF_ID: Array<[RegExp, OsFamily]> = [
  [/^nixos$/, 'nixos'],
  [/^ubuntu$/, 'ubuntu'],
  [/^debian$/, 'debian'],
  [/^arch$/, 'arch'],
  [/^fedora$/, 'fedora'],
  [/^(rhel|centos|rocky|almalinux|ol)$/, 'rhel'],
  [/^alpine$/, 'alpine'],
  [/^(opensuse.*|suse|sles.*)$/, 'opensuse'],
];

export function parseOsRelease(text: string): OsRelease {
  const values = parseAssignments(text);
  // os-release(5): ID defaults to "linux", NAME to "Linux".
  const id = (values.get('ID') ?? 'linux').toLowerCase();
  const name = values.get('NAME') ?? values.get('PRETTY_NAME') ?? 'Linux';
  const version = values.get('VERSION_ID') ?? null;
  const candidates = [id, ...(values.get('ID_LIKE') ?? '').toLowerCase().split(/\s+/).filter(Boolean)];
  return { id, name, version, family: familyOf(candidates) };
}

/**
 * The NixOS version as `nixos-version` prints it (`24.05.20240530.d24e7fd (Uakari)`), from the
 * same os-release: BUILD_ID is the version, VERSION carries the code name. Null off NixOS.
 */
export function nixosVersionOf(text: string): string | null {
  const values = parseAssignments(text);
  if ((values.get('ID') ?? '').toLowerCase() !== 'nixos') return null;
  const version = values.get('BUILD_ID') || values.get('VERSION_ID');
  if (!version) return null;
  const codeName = /\(([^)]+)\)/.exec(values.get('VERSION') ?? '')?.[1];
  return codeName ? `${version} (${codeName})` : version;
}

function familyOf(ids: string[]): OsFamily {
  for (const id of ids) {
    for (const [pattern, family] of FAMILY_OF_ID) if (pattern.test(id)) return family;
  }
  return 'other';
}

/** KEY=value lines with shell-style quoting, as os-release(5) defines them; comments and blank lines skipped. */
function parseAssignments(text: string): Map<string, string> {
  const values = new Map<string, string>();
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (line === '' || line.startsWith('#')) continue;
    const match = /^([A-Z0-9_]+)=(.*)$/.exec(line);
    if (!match) continue;
    values.set(match[1]!, unquote(match[2]!));
  }
  return values;
}

function unquote(raw: string): string {
  const value = raw.trim();
  const quote = value[0];
  if ((quote === '"' || quote === "'") && value.endsWith(quote) && value.length >= 2) {
    const inner = value.slice(1, -1);
    return quote === '"' ? inner.replace(/\\([\\"$`])/g, '$1') : inner;
  }
  return value;
}

/** `sw_vers` (macOS): `ProductName:\tmacOS`, `ProductVersion:\t14.2.1`, `BuildVersion:\t23C71`. */
export function parseSwVers(text: string): OsRelease {
  const values = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const match = /^\s*([A-Za-z]+):\s*(.*?)\s*$/.exec(line);
    if (match) values.set(match[1]!, match[2]!);
  }
  const name = values.get('ProductName');
  if (!name) throw new ToolOutputError('sw_vers', 'no ProductName line');
  return { id: 'macos', name, version: values.get('ProductVersion') ?? null, family: 'macos' };
}
