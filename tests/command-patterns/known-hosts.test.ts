import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  checkHostKey,
  hostKeyAlgorithms,
  keyFingerprint,
  knownHostsLine,
  knownKeyTypes,
  parseKnownHosts,
} from '@ai-sysadmin/command-patterns';
import { tempDir } from '../rig/index.js';

/** Real keys and known_hosts lines made by OpenSSH's own ssh-keygen. */
function keygen(type: string): { blob: Buffer; line: string; fingerprint: string } {
  const dir = tempDir('kh');
  execFileSync('ssh-keygen', ['-q', '-t', type, '-N', '', '-f', join(dir, 'key')]);
  const pub = readFileSync(join(dir, 'key.pub'), 'utf8').trim();
  const fingerprint = execFileSync('ssh-keygen', ['-l', '-E', 'sha256', '-f', join(dir, 'key.pub')], {
    encoding: 'utf8',
  }).split(' ')[1]!;
  return { blob: Buffer.from(pub.split(' ')[1]!, 'base64'), line: pub.split(' ').slice(0, 2).join(' '), fingerprint };
}

describe('known_hosts', () => {
  const web = keygen('ed25519');
  const other = keygen('ed25519');
  const rsa = keygen('rsa');

  it('trusts the key known for a host, and sees any other key as a change', () => {
    const entries = parseKnownHosts(`# comment\n\nweb1.lan,10.0.0.5 ${web.line}\n`);
    expect(checkHostKey(entries, '10.0.0.5', 22, web.blob)).toBe('trusted');
    expect(checkHostKey(entries, 'WEB1.lan', 22, web.blob)).toBe('trusted');
    expect(checkHostKey(entries, '10.0.0.5', 22, other.blob)).toBe('changed');
    expect(checkHostKey(entries, '10.0.0.6', 22, web.blob)).toBe('unknown');
    expect(checkHostKey(entries, '10.0.0.5', 2222, web.blob)).toBe('unknown');
  });

  it('matches [host]:port entries, wildcards and negations', () => {
    const entries = parseKnownHosts(`[10.0.0.5]:2222 ${web.line}\n*.lan,!evil.lan ${other.line}\n`);
    expect(checkHostKey(entries, '10.0.0.5', 2222, web.blob)).toBe('trusted');
    expect(checkHostKey(entries, 'nas.lan', 22, other.blob)).toBe('trusted');
    expect(checkHostKey(entries, 'evil.lan', 22, other.blob)).toBe('unknown');
  });

  it('reads hashed host names as ssh-keygen -H writes them', () => {
    const dir = tempDir('kh');
    const file = join(dir, 'known_hosts');
    execFileSync('sh', [
      '-c',
      `printf '%s\\n' '[127.0.0.1]:2200 ${web.line}' > ${file} && ssh-keygen -q -H -f ${file}`,
    ]);
    const text = readFileSync(file, 'utf8');
    expect(text).toMatch(/^\|1\|/);
    const entries = parseKnownHosts(text);
    expect(checkHostKey(entries, '127.0.0.1', 2200, web.blob)).toBe('trusted');
    expect(checkHostKey(entries, '127.0.0.1', 2201, web.blob)).toBe('unknown');
  });

  it('honours @revoked, and skips lines whose key does not match its type', () => {
    const entries = parseKnownHosts(
      `@revoked * ${web.line}\nweb1 ${web.line}\nweb1 ssh-rsa ${web.line.split(' ')[1]}\n`,
    );
    expect(entries).toHaveLength(2);
    expect(checkHostKey(entries, 'web1', 22, web.blob)).toBe('revoked');
  });

  it('asks the handshake for key types that can be verified', () => {
    const entries = parseKnownHosts(`old ${rsa.line}\n`);
    expect(knownKeyTypes(entries, 'old', 22)).toEqual(['ssh-rsa']);
    expect(hostKeyAlgorithms(['ssh-rsa', 'ssh-ed25519'])).toEqual([
      'rsa-sha2-512',
      'rsa-sha2-256',
      'ssh-rsa',
      'ssh-ed25519',
    ]);
  });

  it('writes lines and fingerprints exactly as OpenSSH does', () => {
    expect(knownHostsLine('127.0.0.1', 2222, web.blob)).toBe(`[127.0.0.1]:2222 ${web.line}`);
    expect(keyFingerprint(web.blob)).toBe(web.fingerprint);
  });
});
