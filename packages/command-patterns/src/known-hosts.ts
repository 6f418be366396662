/**
 * OpenSSH known_hosts, read the way ssh(1) reads it (sshd(8), "SSH_KNOWN_HOSTS FILE FORMAT"):
 * plain and hashed (`|1|salt|hash`) host names, `[host]:port` for other ports, wildcards,
 * negation and the `@revoked` marker. ssh2 leaves host keys to its caller; this is that part.
 */
import { createHash, createHmac } from 'node:crypto';

export interface KnownHostEntry {
  readonly marker: 'revoked' | 'cert-authority' | undefined;
  /** Host patterns as written; empty for a hashed entry. */
  readonly patterns: readonly string[];
  readonly hashed: { readonly salt: Buffer; readonly hash: Buffer } | undefined;
  readonly keyType: string;
  /** The key blob in SSH wire format, as ssh2 hands it to a host verifier. */
  readonly key: Buffer;
  /** 1-based line in the file, for messages. */
  readonly line: number;
}

export type HostKeyVerdict = 'trusted' | 'unknown' | 'changed' | 'revoked';

export function parseKnownHosts(text: string): KnownHostEntry[] {
  const entries: KnownHostEntry[] = [];
  text.split('\n').forEach((raw, index) => {
    const fields = raw.trim().split(/\s+/);
    if (fields.length < 3 || fields[0]!.startsWith('#')) return;
    let marker: KnownHostEntry['marker'];
    if (fields[0] === '@revoked' || fields[0] === '@cert-authority') {
      marker = fields[0] === '@revoked' ? 'revoked' : 'cert-authority';
      fields.shift();
    }
    const [hosts, keyType, keyBase64] = fields;
    if (!hosts || !keyType || !keyBase64) return;
    const key = Buffer.from(keyBase64, 'base64');
    if (key.length === 0 || keyTypeOf(key) !== keyType) return;
    const hashedMatch = /^\|1\|([^|]+)\|([^|]+)$/.exec(hosts);
    entries.push({
      marker,
      patterns: hashedMatch ? [] : hosts.split(','),
      hashed: hashedMatch
        ? { salt: Buffer.from(hashedMatch[1]!, 'base64'), hash: Buffer.from(hashedMatch[2]!, 'base64') }
        : undefined,
      keyType,
      key,
      line: index + 1,
    });
  });
  return entries;
}

/** How a host appears in known_hosts: the bare name on port 22, `[name]:port` otherwise. */
export function knownHostName(host: string, port: number): string {
  return port === 22 ? host.toLowerCase() : `[${host.toLowerCase()}]:${port}`;
}

export function entryMatchesHost(entry: KnownHostEntry, host: string, port: number): boolean {
  const name = knownHostName(host, port);
  if (entry.hashed) {
    const digest = createHmac('sha1', entry.hashed.salt).update(name).digest();
    return digest.equals(entry.hashed.hash);
  }
  let matched = false;
  for (const pattern of entry.patterns) {
    const negated = pattern.startsWith('!');
    if (wildcardMatch(negated ? pattern.slice(1) : pattern, name)) {
      if (negated) return false;
      matched = true;
    }
  }
  return matched;
}

/**
 * What known_hosts says of the key a host presented: trusted when an entry for the host holds
 * it; revoked when it is marked so; changed when the host is known with other keys only.
 */
export function checkHostKey(
  entries: readonly KnownHostEntry[],
  host: string,
  port: number,
  key: Buffer,
): HostKeyVerdict {
  const forHost = entries.filter((e) => e.marker !== 'cert-authority' && entryMatchesHost(e, host, port));
  if (entries.some((e) => e.marker === 'revoked' && e.key.equals(key))) return 'revoked';
  if (forHost.some((e) => e.marker === undefined && e.key.equals(key))) return 'trusted';
  return forHost.some((e) => e.marker === undefined) ? 'changed' : 'unknown';
}

/** The key types known for a host, so the SSH handshake asks for a key it can verify. */
export function knownKeyTypes(entries: readonly KnownHostEntry[], host: string, port: number): string[] {
  const types = entries.filter((e) => e.marker === undefined && entryMatchesHost(e, host, port)).map((e) => e.keyType);
  return [...new Set(types)];
}

/** Host key algorithms to offer for known key types (an RSA key is verified through its SHA-2 signatures). */
export function hostKeyAlgorithms(keyTypes: readonly string[]): string[] {
  return keyTypes.flatMap((t) => (t === 'ssh-rsa' ? ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'] : [t]));
}

export function knownHostsLine(host: string, port: number, key: Buffer): string {
  return `${knownHostName(host, port)} ${keyTypeOf(key)} ${key.toString('base64')}`;
}

/** OpenSSH's fingerprint form: SHA256:<unpadded base64>. */
export function keyFingerprint(key: Buffer): string {
  return `SHA256:${createHash('sha256').update(key).digest('base64').replace(/=+$/, '')}`;
}

/** The key type named at the start of an SSH key blob. */
export function keyTypeOf(key: Buffer): string | undefined {
  if (key.length < 4) return undefined;
  const length = key.readUInt32BE(0);
  if (length === 0 || length > 64 || 4 + length > key.length) return undefined;
  return key.subarray(4, 4 + length).toString('latin1');
}

function wildcardMatch(pattern: string, name: string): boolean {
  const regex = pattern
    .toLowerCase()
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replaceAll('*', '.*')
    .replaceAll('?', '.');
  return new RegExp(`^${regex}$`).test(name);
}
