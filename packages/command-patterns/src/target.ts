/**
 * Where a command runs: this machine, or a managed system reached over SSH with the settings
 * the config gives for it (user, key, port, known_hosts policy, keepalive, timeouts, sudo).
 */
import type { Config, RemoteSystem } from '@ai-sysadmin/core';
import { LOCAL_HOST } from './command.js';
import { InvalidCommandError } from './errors/invalid-command-error.js';

export interface SshConnectionSettings {
  /** The managed system's name in the config. */
  readonly name: string;
  readonly host: string;
  readonly port: number;
  readonly username: string;
  readonly privateKeyPath: string;
  readonly knownHostsPath: string;
  /** Refuse a host whose key is not already in known_hosts. A changed key is refused either way. */
  readonly strictHostKeyChecking: boolean;
  readonly readyTimeoutMs: number;
  readonly keepaliveIntervalMs: number;
  /** Missed keepalives before the connection counts as dead. */
  readonly keepaliveCountMax: number;
  readonly commandTimeoutMs: number;
  /** SSH sessions (commands, the sftp session) open at once on the one connection. */
  readonly maxChannels: number;
  /** Commands that need root go through `sudo -n` on this host. */
  readonly sudo: boolean;
}

export type Target =
  | { readonly kind: 'local'; readonly name: typeof LOCAL_HOST; readonly runningAsRoot: boolean }
  | { readonly kind: 'ssh'; readonly name: string; readonly ssh: SshConnectionSettings };

export function localTarget(runningAsRoot = process.getuid?.() === 0): Target {
  return { kind: 'local', name: LOCAL_HOST, runningAsRoot };
}

export function sshConnectionSettings(system: RemoteSystem, ssh: Config['ssh']): SshConnectionSettings {
  return {
    name: system.name,
    host: system.address,
    port: system.port,
    username: system.user ?? ssh.user,
    privateKeyPath: ssh.keyPath,
    knownHostsPath: ssh.knownHostsPath,
    strictHostKeyChecking: ssh.strictHostKeyChecking,
    readyTimeoutMs: ssh.connectTimeoutSec * 1000,
    keepaliveIntervalMs: ssh.keepaliveIntervalSec * 1000,
    keepaliveCountMax: 3,
    commandTimeoutMs: ssh.commandTimeoutSec * 1000,
    maxChannels: ssh.maxChannelsPerHost,
    sudo: system.sudo,
  };
}

/** Finds the target for a host name; an unknown name is an error that lists the known ones. */
export function resolveTarget(host: string, config: Pick<Config, 'remoteSystems' | 'ssh'>): Target {
  if (host === LOCAL_HOST) return localTarget();
  const system = config.remoteSystems.find((s) => s.name === host);
  if (!system) {
    const known = [LOCAL_HOST, ...config.remoteSystems.map((s) => s.name)].join(', ');
    throw new InvalidCommandError(`No managed system is named "${host}".`, {
      host,
      hint: `Known hosts: ${known}. Add it to remoteSystems in the config to manage it.`,
    });
  }
  return { kind: 'ssh', name: system.name, ssh: sshConnectionSettings(system, config.ssh) };
}
