/**
 * Units the executor never stops, disables, masks or kills, and restarts only with a person's
 * approval. The built-in list covers remote access, networking, systemd and D-Bus, the assistant
 * itself and the servers it depends on; config `criticalServices` adds more.
 *
 * A pattern is a glob over the unit base name (lowercase, no type suffix, no template instance):
 * `sshd*` covers sshd.service, sshd.socket, sshd@.service, sshd-keygen@.service and
 * sshd-unix-local.socket; `*vpn*` covers openvpn-office, nordvpnd and vpn-gateway.
 */
import { REMOTE_ACCESS_UNITS, normaliseGlob, unitGlobMatches } from './unit-kinds.js';
import { type UnitName, type UnitType, parseUnitName } from './unit-name.js';

export const BUILT_IN_CRITICAL_UNITS: readonly string[] = [
  // remote access of every kind (ssh, VPN, tunnel, mesh, remote desktop): see unit-kinds.ts
  ...REMOTE_ACCESS_UNITS,
  // networking
  'network*',
  'networking',
  'networkmanager*',
  'wpa_supplicant*',
  'iwd',
  'dhcpcd*',
  'dhclient*',
  'connman*',
  'firewall',
  'nftables',
  'iptables',
  'ip6tables',
  'nscd',
  // systemd itself, D-Bus, logins
  'systemd-*',
  'init',
  'dbus*',
  'polkit*',
  'user',
  'user-runtime-dir',
  'emergency',
  'rescue',
  'nix-daemon',
  // the assistant and the servers it depends on
  'ai-sysadmin*',
  'redis*',
  'ollama*',
  'chroma*',
];

/**
 * Unit types that group or carry the whole system: stopping a target, slice or scope cascades to
 * everything in it; stopping a mount, swap or device unit takes a file system or disk away.
 */
export const CRITICAL_UNIT_TYPES: readonly UnitType[] = [
  'target',
  'slice',
  'scope',
  'mount',
  'automount',
  'swap',
  'device',
];

/** Targets (and their services) whose start ends remote access: rescue and emergency mode, halting, sleeping. */
export const ACCESS_ENDING_TARGETS: readonly string[] = [
  'emergency',
  'rescue',
  'halt',
  'exit',
  'shutdown',
  'sleep',
  'suspend',
  'hibernate',
  'hybrid-sleep',
  'suspend-then-hibernate',
];

export interface CriticalUnitSettings {
  /** The assistant's name: its own units `<aiName>-ai` and `<aiName>-ollama-worker` are critical. */
  readonly aiName?: string;
  /** Config `criticalServices`. */
  readonly criticalServices?: readonly string[];
}

export interface CriticalMatch {
  readonly unit: UnitName;
  /** What made it critical, for the reason text. */
  readonly because: string;
}

/** A pattern from config, normalised the same way as a unit: `Postgresql.service` -> `postgresql`. */
export function normaliseCriticalPattern(pattern: string): string {
  return pattern.includes('*') ? normaliseGlob(pattern) : parseUnitName(pattern).base;
}

export function criticalPatterns(settings: CriticalUnitSettings): string[] {
  const own = settings.aiName
    ? [`${settings.aiName.toLowerCase()}-ai`, `${settings.aiName.toLowerCase()}-ollama-worker`]
    : [];
  return [...BUILT_IN_CRITICAL_UNITS, ...own, ...(settings.criticalServices ?? []).map(normaliseCriticalPattern)];
}

/** Whether a unit operand names a critical unit, and why; undefined when it does not. */
export function matchCriticalUnit(word: string, settings: CriticalUnitSettings): CriticalMatch | undefined {
  const unit = parseUnitName(word);
  if (CRITICAL_UNIT_TYPES.includes(unit.type)) {
    return { unit, because: `${unit.full} is a ${unit.type} unit; stopping one cascades to what it holds` };
  }
  const pattern = criticalPatterns(settings).find((p) => unitGlobMatches(p, unit.base));
  if (!pattern) return undefined;
  const kind = REMOTE_ACCESS_UNITS.includes(pattern) ? ', remote access' : '';
  return { unit, because: `${unit.full} is a critical service (matches "${pattern}"${kind})` };
}

export function isAccessEndingTarget(word: string): boolean {
  const unit = parseUnitName(word);
  return (unit.type === 'target' || unit.type === 'service') && ACCESS_ENDING_TARGETS.includes(unit.base);
}
