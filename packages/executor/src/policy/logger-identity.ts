/**
 * `logger` writes into the journal, which a later run reads back. So it speaks only under a tag
 * the site allows (config `policy.loggerTags`, default `note`), never under a name a reader
 * would trust: the assistant's own names and its services' identifiers, or those of system
 * daemons (reserved even if listed), and never above notice priority. A line the assistant logs
 * itself is recognised by fields journald sets and logger cannot (see core's
 * `journal-identity.ts`), not by its tag.
 */

/** Levels at or below notice, and facilities a program may use; every `facility.level` pair is spelt out. */
const LEVELS = ['notice', 'info', 'debug'] as const;
const FACILITIES = [
  'user',
  'daemon',
  'local0',
  'local1',
  'local2',
  'local3',
  'local4',
  'local5',
  'local6',
  'local7',
] as const;
export const LOGGER_PRIORITIES: readonly string[] = [
  ...LEVELS,
  ...FACILITIES.flatMap((f) => LEVELS.map((l) => `${f}.${l}`)),
];

/**
 * Identities a journal reader trusts: system daemons and the login machinery. Matched on the tag
 * with case and separators ignored, and as a prefix when four letters or more (`systemd-logind`,
 * `sshd-session`).
 */
const SYSTEM_IDENTITIES = [
  'sshd',
  'ssh',
  'sudo',
  'su',
  'doas',
  'systemd',
  'kernel',
  'init',
  'login',
  'logind',
  'agetty',
  'getty',
  'pam',
  'unixchkpwd',
  'polkit',
  'polkitd',
  'dbus',
  'cron',
  'crond',
  'anacron',
  'atd',
  'nixdaemon',
  'nixos',
  'nix',
  'root',
  'audit',
  'auditd',
  'rsyslog',
  'syslog',
  'journal',
  'journald',
  'passwd',
  'useradd',
  'usermod',
  'userdel',
  'groupadd',
  'chpasswd',
  'networkmanager',
  'dhcpcd',
  'wpasupplicant',
  'firewall',
  'nftables',
  'iptables',
  'tailscale',
  'wireguard',
  'kdump',
  'udev',
  'dockerd',
  'containerd',
];

export interface LoggerIdentitySettings {
  readonly aiName?: string;
  /** Config `policy.loggerTags`. */
  readonly loggerTags?: readonly string[];
}

const squash = (text: string) => text.toLowerCase().replace(/[^a-z0-9]/g, '');

/** Why this tag may not be used, or undefined. */
export function loggerTagProblem(tag: string | undefined, settings: LoggerIdentitySettings): string | undefined {
  const allowed = settings.loggerTags ?? ['note'];
  if (tag === undefined)
    return `logger needs -t with one of the tags the site allows (${allowed.join(', ')}); without it the line carries the user's name`;
  const reserved = reservedIdentity(tag, settings.aiName);
  if (reserved)
    return `the tag ${JSON.stringify(tag)} ${reserved}; the assistant never writes under another's name or its own`;
  if (!allowed.includes(tag))
    return `the tag ${JSON.stringify(tag)} is not one the site allows (policy.loggerTags: ${allowed.join(', ')})`;
  return undefined;
}

function reservedIdentity(tag: string, aiName: string | undefined): string | undefined {
  const t = squash(tag);
  const own = [
    'aisysadmin',
    ...(aiName ? [squash(aiName), `${squash(aiName)}ai`, `${squash(aiName)}ollamaworker`] : []),
  ];
  if (own.some((o) => t === o || t.startsWith(o)))
    return "is the assistant's own name or one of its services' identifiers";
  if (t.includes('aisysadmin')) return "contains the assistant's own name";
  const system = SYSTEM_IDENTITIES.find((s) => t === s || (s.length >= 4 && t.startsWith(s)));
  if (system) return `is a system daemon's identity (${system})`;
  return undefined;
}

/** A message is one line of plain text: no newline or control character to fake another entry. */
export function loggerMessageProblem(message: string): string | undefined {
  const odd = [...message].find((ch) => ch.codePointAt(0)! < 0x20 || ch.codePointAt(0) === 0x7f);
  return odd
    ? `the message has the control character U+${odd.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}; a logged line is one line of text`
    : undefined;
}
