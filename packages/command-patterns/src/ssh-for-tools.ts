/**
 * For programs that open SSH connections themselves (`nixos-rebuild --target-host`, `nh os
 * switch --target-host`, `nix copy --to ssh://`): the destination and the NIX_SSHOPTS that make
 * their ssh reach a managed host exactly as our own connection does (same user, key, port and
 * known_hosts policy), and never stop to ask a question.
 */
import { InvalidCommandError } from './errors/invalid-command-error.js';
import type { SshConnectionSettings } from './target.js';

/** `user@host`, as ssh(1) and nix take it. */
export function sshDestination(ssh: SshConnectionSettings): string {
  return `${ssh.username}@${ssh.host}`;
}

/**
 * NIX_SSHOPTS for the host. Nix splits it on white space and knows no quoting, so a key or
 * known_hosts path with a space in it cannot be passed and is refused here, by name.
 */
export function nixSshOpts(ssh: SshConnectionSettings): string {
  for (const [what, path] of [
    ['ssh.keyPath', ssh.privateKeyPath],
    ['ssh.knownHostsPath', ssh.knownHostsPath],
  ] as const) {
    if (/\s/.test(path)) {
      throw new InvalidCommandError(`${what} "${path}" holds white space, which NIX_SSHOPTS cannot carry.`, {
        host: ssh.name,
        hint: 'Move the file to a path without spaces.',
      });
    }
  }
  return [
    '-i',
    ssh.privateKeyPath,
    '-p',
    String(ssh.port),
    '-o',
    'IdentitiesOnly=yes',
    '-o',
    `UserKnownHostsFile=${ssh.knownHostsPath}`,
    '-o',
    `StrictHostKeyChecking=${ssh.strictHostKeyChecking ? 'yes' : 'accept-new'}`,
    '-o',
    'BatchMode=yes',
    '-o',
    `ConnectTimeout=${Math.max(1, Math.round(ssh.readyTimeoutMs / 1000))}`,
    '-o',
    `ServerAliveInterval=${Math.max(1, Math.round(ssh.keepaliveIntervalMs / 1000))}`,
  ].join(' ');
}
