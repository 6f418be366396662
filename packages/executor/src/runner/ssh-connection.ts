/**
 * One persistent SSH connection to one managed host, opened on first use and reused for every
 * command after it; opened again after it drops. The host key is checked against known_hosts
 * before anything is sent.
 */
import { appendFileSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Client, ClientChannel, ConnectConfig } from 'ssh2';
import { type Logger, Semaphore } from '@ai-sysadmin/core';
import {
  type HostKeyVerdict,
  type KnownHostEntry,
  type SshConnectionSettings,
  checkHostKey,
  hostKeyAlgorithms,
  keyFingerprint,
  knownHostsLine,
  knownKeyTypes,
  parseKnownHosts,
} from '@ai-sysadmin/command-patterns';
import { HostAuthenticationError } from '../errors/host-authentication-error.js';
import { HostConnectTimeoutError } from '../errors/host-connect-timeout-error.js';
import type { HostError } from '../errors/host-error.js';
import { HostKeyChangedError } from '../errors/host-key-changed-error.js';
import { HostKeyUnknownError } from '../errors/host-key-unknown-error.js';
import { HostUnreachableError } from '../errors/host-unreachable-error.js';
import { SshKeyUnreadableError } from '../errors/ssh-key-unreadable-error.js';

/** Below OpenSSH's default MaxSessions (10), so channel opens are never refused by the server. */
export const DEFAULT_MAX_CHANNELS = 8;

export interface SshConnectionOptions {
  maxChannels?: number;
  logger?: Logger;
}

export class SshConnection {
  private client: Client | undefined;
  private opening: Promise<Client> | undefined;
  private readonly channels: Semaphore;

  constructor(
    readonly settings: SshConnectionSettings,
    private readonly options: SshConnectionOptions = {},
  ) {
    this.channels = new Semaphore(options.maxChannels ?? DEFAULT_MAX_CHANNELS);
  }

  get connected(): boolean {
    return this.client !== undefined;
  }

  /** The open connection, opening it if needed; concurrent callers share one attempt. */
  connect(): Promise<Client> {
    if (this.client) return Promise.resolve(this.client);
    this.opening ??= this.open().finally(() => {
      this.opening = undefined;
    });
    return this.opening;
  }

  /**
   * Opens an exec channel for one command line and hands it to `attach` at once, in the same tick
   * as ssh2 delivers it: a fast command's output and exit status can arrive in that very packet
   * burst, before any awaiting code would run. The channel's slot is held until the server closes
   * the channel, so the host never has more than maxChannels sessions from us at once.
   */
  async exec<T>(line: string, attach: (channel: ClientChannel) => T): Promise<T> {
    const release = await this.channels.acquire();
    try {
      return await this.openChannel(line, attach, release).catch(async (error: unknown) => {
        // The connection died since it was last used (the drop not noticed yet): nothing was
        // started, so open a new one and try once more.
        if (!isStaleConnection(error)) throw error;
        this.forget();
        return this.openChannel(line, attach, release);
      });
    } catch (error) {
      release();
      throw error;
    }
  }

  private async openChannel<T>(line: string, attach: (channel: ClientChannel) => T, release: () => void): Promise<T> {
    const client = await this.connect();
    return new Promise<T>((resolve, reject) => {
      try {
        client.exec(line, (error, channel) => {
          if (error) return reject(error);
          channel.once('close', release);
          resolve(attach(channel));
        });
      } catch (error) {
        reject(error);
      }
    });
  }

  private forget(): void {
    const client = this.client;
    this.client = undefined;
    client?.destroy();
  }

  async close(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (!client) return;
    await new Promise<void>((resolve) => {
      client.once('close', () => resolve());
      client.end();
      setTimeout(resolve, 1000).unref();
    });
  }

  private async open(): Promise<Client> {
    const s = this.settings;
    const address = `${s.host}:${s.port}`;
    const privateKey = readPrivateKey(s.privateKeyPath);
    const known = readKnownHosts(s.knownHostsPath);
    const knownTypes = knownKeyTypes(known, s.host, s.port);
    let verdict: HostKeyVerdict | undefined;
    let presented: Buffer | undefined;

    const config: ConnectConfig = {
      host: s.host,
      port: s.port,
      username: s.username,
      privateKey,
      readyTimeout: s.readyTimeoutMs,
      keepaliveInterval: s.keepaliveIntervalMs,
      keepaliveCountMax: s.keepaliveCountMax,
      // Ask for a key type known_hosts can vouch for, as OpenSSH does.
      ...(knownTypes.length ? { algorithms: { serverHostKey: hostKeyAlgorithms(knownTypes) as never } } : {}),
      hostVerifier: (key: Buffer) => {
        presented = key;
        verdict = checkHostKey(known, s.host, s.port, key);
        if (verdict === 'trusted') return true;
        if (verdict === 'unknown' && !s.strictHostKeyChecking) {
          rememberHostKey(s.knownHostsPath, knownHostsLine(s.host, s.port, key));
          this.options.logger?.warn(
            { host: s.name, fingerprint: keyFingerprint(key) },
            'trusting a new host key on first use',
          );
          return true;
        }
        return false;
      },
    };

    // Loaded on the first connection only: a local-only check never pays for ssh2.
    const { Client: SshClient } = await import('ssh2');
    const client = new SshClient();
    return new Promise<Client>((resolve, reject) => {
      let settled = false;
      const fail = (error: HostError) => {
        if (settled) return;
        settled = true;
        client.removeAllListeners('ready');
        client.end();
        reject(error);
      };
      client.once('ready', () => {
        settled = true;
        // ssh2 leaves Nagle on: every small exec request would wait for the previous ACK.
        client.setNoDelay(true);
        this.client = client;
        this.options.logger?.debug({ host: s.name, address }, 'ssh connection open');
        resolve(client);
      });
      client.on('error', (error: Error & { level?: string; code?: string }) => {
        if (!settled) return fail(this.describe(error, verdict, presented));
        this.options.logger?.warn({ host: s.name, err: error.message }, 'ssh connection error');
      });
      client.on('close', () => {
        if (this.client === client) this.client = undefined;
        fail(new HostUnreachableError(s.name, address, 'the connection closed during the SSH handshake'));
      });
      client.connect(config);
    });
  }

  private describe(
    error: Error & { level?: string; code?: string },
    verdict: HostKeyVerdict | undefined,
    key: Buffer | undefined,
  ): HostError {
    const s = this.settings;
    const address = `${s.host}:${s.port}`;
    if (verdict && verdict !== 'trusted' && key && /verification failed/i.test(error.message)) {
      if (verdict === 'unknown')
        return new HostKeyUnknownError(s.name, s.host, s.port, keyFingerprint(key), s.knownHostsPath);
      return new HostKeyChangedError(s.name, address, keyFingerprint(key), s.knownHostsPath, verdict === 'revoked');
    }
    if (error.level === 'client-timeout') return new HostConnectTimeoutError(s.name, address, s.readyTimeoutMs, error);
    if (error.level === 'client-authentication')
      return new HostAuthenticationError(s.name, s.username, s.privateKeyPath, error);
    const reasons: Record<string, string> = {
      ECONNREFUSED: 'connection refused (is sshd running?)',
      EHOSTUNREACH: 'no route to host',
      ENETUNREACH: 'network unreachable',
      ENOTFOUND: 'the name does not resolve',
      EAI_AGAIN: 'the name could not be resolved right now',
      ECONNRESET: 'the connection was reset',
      ETIMEDOUT: 'the connection timed out',
    };
    return new HostUnreachableError(s.name, address, (error.code && reasons[error.code]) ?? error.message, error);
  }
}

function isStaleConnection(error: unknown): boolean {
  return error instanceof Error && /^(Not connected|No response from server)$/.test(error.message);
}

function readPrivateKey(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new SshKeyUnreadableError(
      path,
      code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : String(error),
      error,
    );
  }
}

function readKnownHosts(path: string): KnownHostEntry[] {
  try {
    return parseKnownHosts(readFileSync(path, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

function rememberHostKey(path: string, line: string): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  appendFileSync(path, `${line}\n`, { mode: 0o600 });
}
