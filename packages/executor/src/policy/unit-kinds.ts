/**
 * Kinds of units, recognised by name: what starting one does. The set of units a site runs is
 * open, so these are patterns of names (globs over the unit's base name, see `unit-name.ts`),
 * and they only ever make an action graver: remote-access daemons are critical (never stopped;
 * restarted only with a person), and starting a unit that upgrades, switches, deploys, gives a
 * shell, reboots, collects garbage or destroys data is high risk. Which units may be restarted
 * at low risk is an allow-list of its own (failed now, or named by an open issue: `unit-risk.ts`).
 */

export type HighRiskUnitKind = 'upgrade' | 'switch' | 'shell' | 'reboot' | 'garbage-collection' | 'destructive';

/** Remote access of every kind: SSH, VPNs, tunnels, meshes, remote desktops and web shells. */
export const REMOTE_ACCESS_UNITS: readonly string[] = [
  // ssh and consoles
  'ssh',
  'sshd*',
  'openssh*',
  'dropbear*',
  'sslh*',
  'mosh*',
  'xinetd',
  'inetd',
  'telnetd*',
  'getty',
  'serial-getty',
  'console-getty',
  'container-getty',
  'autovt',
  'kmsconvt',
  // VPNs
  '*vpn*',
  'wireguard*',
  '*wireguard*',
  'wg-quick*',
  'wg',
  'wg-*',
  'boringtun*',
  'strongswan*',
  'ipsec*',
  'charon*',
  'libreswan*',
  'racoon*',
  'xl2tpd*',
  'pptpd*',
  'softether*',
  'openconnect*',
  'ocserv*',
  'vpnc*',
  'pritunl*',
  'firezone*',
  'defguard*',
  'gpclient*',
  // meshes and overlay networks
  'tailscale*',
  'headscale*',
  'zerotier*',
  'netbird*',
  'nebula*',
  'tinc*',
  'innernet*',
  'yggdrasil*',
  'cjdns*',
  'netmaker*',
  'mullvad*',
  'surfshark*',
  'windscribe*',
  'twingate*',
  'ziti*',
  'openziti*',
  'husarnet*',
  'warp-svc',
  'cloudflare-warp*',
  // tunnels and reverse proxies to the outside
  '*tunnel*',
  'cloudflared*',
  'ngrok*',
  'frpc*',
  'frps*',
  'chisel*',
  'autossh*',
  'stunnel*',
  'rathole*',
  'bore*',
  'sish*',
  'inlets*',
  'zrok*',
  'iodine*',
  'ptunnel*',
  'udp2raw*',
  'tor',
  'tor@*',
  'tor-*',
  'i2pd*',
  // remote desktops and web consoles
  '*vnc*',
  'xrdp*',
  'guacamole*',
  'guacd*',
  'rustdesk*',
  'teleport*',
  'cockpit*',
  'webmin*',
  'ttyd*',
  'shellinabox*',
  'gotty*',
  'meshcentral*',
  'meshagent*',
];

export const HIGH_RISK_UNIT_KINDS: Readonly<Record<HighRiskUnitKind, readonly string[]>> = {
  upgrade: [
    '*upgrade*',
    '*update*',
    'unattended-upgrades*',
    'dnf-automatic*',
    'yum-cron*',
    'packagekit*',
    'fwupd*',
    'snapd*',
    'flatpak*',
    'watchtower*',
    'apt-daily*',
  ],
  switch: [
    '*switch*',
    '*rebuild*',
    '*deploy*',
    '*activat*',
    'home-manager*',
    'comin*',
    'colmena*',
    'morph*',
    'cachix-deploy*',
    'bento*',
    'darwin-*',
  ],
  shell: ['*shell*', 'debug-*', 'sulogin*', '*rescue*', '*emergency*'],
  reboot: ['*reboot*', '*shutdown*', '*poweroff*', '*halt*', 'kexec*', '*-kexec*', 'systemd-kexec', 'soft-reboot'],
  'garbage-collection': [
    'nix-gc*',
    'nix-optimise*',
    '*garbage*',
    '*-gc',
    'gc-*',
    '*prune*',
    '*clean*',
    '*purge*',
    '*vacuum*',
  ],
  destructive: ['*restore*', '*wipe*', '*erase*', '*destroy*', '*factory-reset*', '*format*', '*rollback*'],
};

const KIND_WORDS: Record<HighRiskUnitKind, string> = {
  upgrade: 'upgrades or updates software',
  switch: 'switches, rebuilds or deploys a system configuration',
  shell: 'gives a shell',
  reboot: 'reboots or powers off',
  'garbage-collection': 'collects garbage or deletes data to free space',
  destructive: 'restores, rolls back or destroys data',
};

/** Whether a unit base name (lowercase, no suffix or instance) matches a glob of `*`s. */
export function unitGlobMatches(pattern: string, base: string): boolean {
  const parts = pattern.toLowerCase().split('*');
  if (parts.length === 1) return base === parts[0];
  if (!base.startsWith(parts[0]!) || !base.endsWith(parts.at(-1)!)) return false;
  let at = parts[0]!.length;
  for (const middle of parts.slice(1, -1)) {
    const found = base.indexOf(middle, at);
    if (found < 0) return false;
    at = found + middle.length;
  }
  return at <= base.length - parts.at(-1)!.length;
}

/** The high-risk kind of a unit and why, or undefined. `extra` is config `policy.highRiskUnits`. */
export function highRiskKind(
  base: string,
  extra: readonly string[] = [],
): { kind: HighRiskUnitKind | 'site'; because: string } | undefined {
  for (const [kind, patterns] of Object.entries(HIGH_RISK_UNIT_KINDS) as [HighRiskUnitKind, readonly string[]][]) {
    const pattern = patterns.find((p) => unitGlobMatches(p, base));
    if (pattern) return { kind, because: `a unit named like "${pattern}" ${KIND_WORDS[kind]}` };
  }
  const site = extra.find((p) => unitGlobMatches(normaliseGlob(p), base));
  return site ? { kind: 'site', because: `the site lists "${site}" in policy.highRiskUnits` } : undefined;
}

/** A pattern from config reduced the way a unit name is: `Foo*.service` -> `foo*`. */
export function normaliseGlob(pattern: string): string {
  return pattern
    .toLowerCase()
    .replace(/\.(service|socket|target|device|mount|automount|swap|timer|path|slice|scope)$/, '')
    .replace(/@.*$/, '');
}
