/**
 * Files whose contents never leave the host through the assistant: password hashes, private keys,
 * secret stores, process environments, and the assistant's own key and tokens. A path is checked
 * after normalisation (`/etc/./shadow`, `//etc/shadow`), never with `..` left in it, and
 * case-insensitively (a case-insensitive file system must not open a way round).
 */

import { normalisePath } from './normalise.js';

export interface SecretPathSettings {
  /** The assistant's state directory: its `.ssh` holds the key to every managed host. */
  readonly stateDir?: string;
  /** Further files to protect (the ssh key, the Gotify token file). */
  readonly extraSecretPaths?: readonly string[];
  /**
   * Refuse world-writable directories too (default true): right for reading a file's contents,
   * where a planted symlink could lead to a secret; not for naming a directory (`du -sh /tmp`).
   */
  readonly worldWritable?: boolean;
}

/** Paths (and everything under them) that are secret. */
const SECRET_PREFIXES: readonly string[] = [
  '/etc/shadow',
  '/etc/shadow-',
  '/etc/gshadow',
  '/etc/gshadow-',
  '/etc/security/opasswd',
  '/etc/ssl/private',
  '/etc/pki/tls/private',
  '/etc/pki/private',
  '/etc/wireguard',
  '/etc/krb5.keytab',
  '/etc/networkmanager/system-connections',
  '/etc/wpa_supplicant',
  '/etc/wpa_supplicant.conf',
  '/etc/sudoers.d',
  '/etc/ipsec.secrets',
  '/etc/ipsec.d/private',
  '/etc/ppp/chap-secrets',
  '/etc/ppp/pap-secrets',
  '/etc/letsencrypt/live',
  '/etc/letsencrypt/archive',
  '/etc/letsencrypt/keys',
  '/etc/credstore',
  '/etc/credstore.encrypted',
  '/etc/nix/netrc',
  '/etc/nix/secret-key',
  '/etc/nix/signing-key',
  '/etc/davfs2/secrets',
  '/etc/openvpn/server/keys',
  '/etc/kubernetes/admin.conf',
  '/etc/kubernetes/pki',
  '/etc/rancher/k3s/k3s.yaml',
  '/etc/docker/key.json',
  '/etc/restic',
  '/run/secrets',
  '/run/secrets.d',
  '/run/secrets-for-users',
  '/run/secrets-for-users.d',
  '/run/credentials',
  '/run/agenix',
  '/run/agenix.d',
  '/run/keys',
  '/var/lib/sops-nix',
  '/var/lib/tailscale',
  '/var/lib/acme',
  '/var/lib/iwd',
  '/var/lib/docker/containers',
  '/root/.ssh',
  '/root/.gnupg',
  '/root/.config',
  '/proc/kcore',
  '/dev/mem',
  '/dev/kmem',
  '/dev/port',
  '/sys/firmware/efi/efivars',
];

/** Path components that mark a secret store wherever they appear. */
const SECRET_COMPONENTS: readonly string[] = [
  '.gnupg',
  '.password-store',
  '.aws',
  '.azure',
  '.netrc',
  'netrc',
  '.pgpass',
  '.kube',
  '.docker',
  'secrets',
  '.secrets',
  'secrets.d',
  'credentials',
  '.vault-token',
  '.git-credentials',
  'private',
  '.age',
  'age',
  'sops',
  '.ssh',
];

/** File names that are private keys or credentials wherever they are. */
const SECRET_FILE_NAMES: readonly RegExp[] = [
  /^id_(?!.*\.pub$)/, // ~/.ssh/id_ed25519, not id_ed25519.pub
  /^ssh_host_.*_key$/,
  /\.(key|keytab|p12|pfx|jks|kdbx|agekey|psk|ovpn|nmconnection|sec|asc)$/,
  /(^|[-_.])(priv|private|privkey|secret|signing|cache-priv)[-_.]?key/, // privkey.pem, cache-priv-key.pem, signing-key
  /^key\.(pem|txt|json)$/, // ACME's key.pem, age's key.txt
  /^keys\.txt$/,
  /^\.?(htpasswd|smbpasswd|opasswd|passwd\.bak|debian\.cnf)$/,
  /[-_.]passwd([-_.]|$)|^passwd[-_.]./, // sasl_passwd, passwd.client; not /etc/passwd itself
  /^g?shadow([-~.].*|~)?$/, // the shadow of a container, a mounted system or a backup: shadow.bak, shadow~, shadow-
  /(^|[-_.])(credentials?|token|tokens|secret|secrets|password|passwords|passphrase|apikey|api[-_]key)([-_.]|$)/,
  /^\.env(\..*)?$/,
  /^\.my\.cnf$/,
];

/** /proc/<pid>/... entries that expose another process's memory, environment or file system. */
const PROC_PID_SECRET =
  /^\/proc\/(self|thread-self|\d+)(\/task\/\d+)?\/(environ|mem|root|cwd|fd|fdinfo|map_files|exe|auxv|pagemap|syscall|stack)(\/|$)/;

/** World-writable directories: anyone can leave a symlink there that points at a secret. */
export const WORLD_WRITABLE_DIRS: readonly string[] = [
  '/tmp',
  '/var/tmp',
  '/dev/shm',
  '/run/user',
  '/var/cache/private',
];

function under(path: string, prefix: string): boolean {
  return path === prefix || path.startsWith(`${prefix}/`);
}

/** Why reading this absolute, normalised path is refused, or undefined when it may be read. */
export function secretPathProblem(path: string, settings: SecretPathSettings = {}): string | undefined {
  const lower = path.toLowerCase();
  const own = [...(settings.stateDir ? [`${settings.stateDir}/.ssh`] : []), ...(settings.extraSecretPaths ?? [])].map(
    (p) => (normalisePath(p) ?? p).toLowerCase(),
  );
  const prefix = [...SECRET_PREFIXES, ...own].find((p) => under(lower, p));
  if (prefix) return `${path} is a secret (under ${prefix})`;
  if (PROC_PID_SECRET.test(lower)) return `${path} exposes another process's memory, environment or files`;
  const parts = lower.split('/').filter(Boolean);
  const name = parts.at(-1) ?? '';
  const publicSshFile =
    parts.at(-2) === '.ssh' && (name === 'authorized_keys' || name === 'known_hosts' || name.endsWith('.pub'));
  const component = parts.find((p) => SECRET_COMPONENTS.includes(p));
  if (component && !publicSshFile) return `${path} is inside a secret store (${component})`;
  if (SECRET_FILE_NAMES.some((re) => re.test(name))) return `${path} looks like a private key or credential file`;
  const writable = settings.worldWritable === false ? undefined : WORLD_WRITABLE_DIRS.find((d) => under(lower, d));
  if (writable) return `${path} is under ${writable}, where anyone can plant a symlink to a secret`;
  return undefined;
}
