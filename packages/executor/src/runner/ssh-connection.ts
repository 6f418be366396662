/**
 * One persistent SSH connection to one managed host, opened on first use and reused for every
 * command after it; opened again after it drops. The host key is checked against known_hosts
 * before anything is sent.
 */
import { appendFileSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Client, ClientChannel, ConnectConfig, SFTPWrapper } from 'ssh2';
import type { Logger } from '@ai-sysadmin/core';
import {
  type HostKeyVerdict,
  type KnownHostEntry,
  type SshConnectionSettings,
  checkHostKey,
  hostKeyAlgorithms,
  keyFingerprint,
  knownHostName,
  knownHostsLine,
  quoteArg,
  quoteArgv,
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
import { SftpUnavailableError } from '../errors/sftp-unavailable-error.js';
import { ChannelSlots } from './channel-slots.js';
import { CommandNotStartedError } from '../errors/command-not-started-error.js';
import { SftpFileReader } from './sftp-file-reader.js';

/** Below OpenSSH's default MaxSessions (10); the default of ssh.maxChannelsPerHost. */
export const DEFAULT_MAX_CHANNELS = 8;

/** How long a refused session waits at first before it is asked again (doubling up to the cap). */
const REFUSAL_BACKOFF_MS = 25;
const REFUSAL_BACKOFF_CAP_MS = 500;

export interface SshConnectionOptions {
  /** Sessions open at once; overrides the settings' maxChannels. */
  maxChannels?: number;
  logger?: Logger;
}

/** What a channel is for and how long it may be waited for. */
export interface ChannelRequest {
  /** The command as a person reads it (`systemctl list-units --failed ...`), or `the sftp session`. */
  readonly what: string;
  /** performance.now() by which the channel must be open. */
  readonly deadline: number;
  readonly signal?: AbortSignal | undefined;
}

/** A slot being used to open a channel: given back when the channel closes, or kept (see sftp). */
interface HeldSlot {
  /** Its channel has closed. */
  release(): void;
  /** No session came of it. */
  discard(): void;
  /** The channel stays open whatever happened: the slot is not given back on failure. */
  keep(): void;
}

export class SshConnection {
  private client: Client | undefined;
  private opening: Promise<Client> | undefined;
  private readonly slots: ChannelSlots;
  /** The host refused the sftp subsystem on this connection: files are read with commands until it is reopened. */
  private sftpRefused: SftpUnavailableError | undefined;

  constructor(
    readonly settings: SshConnectionSettings,
    private readonly options: SshConnectionOptions = {},
  ) {
    this.slots = new ChannelSlots(options.maxChannels ?? settings.maxChannels ?? DEFAULT_MAX_CHANNELS);
  }

  get connected(): boolean {
    return this.client !== undefined;
  }

  /** The host's session limit as its refusals showed it; undefined while it refused none. */
  get learnedSessionLimit(): number | undefined {
    return this.slots.learnedLimit;
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
   * Opens an exec channel for one command line (made when the channel is asked for, so that it
   * can carry the time then left) and hands it to `attach` at once, in the same tick as ssh2
   * delivers it: a fast command's output and exit status can arrive in that very packet burst,
   * before any awaiting code would run. The channel's slot is held until the server closes
   * the channel. A session the host refuses ("open failed": its MaxSessions) is asked again as
   * soon as one of ours closes, until the request's deadline; nothing is opened once the request
   * is aborted. `attach` must itself stop a channel whose request was aborted while it opened.
   */
  exec<T>(line: () => string, attach: (channel: ClientChannel) => T, request: ChannelRequest): Promise<T> {
    return this.withSlot(request, (client, slot) =>
      this.answered<ClientChannel, T>(
        request,
        slot,
        (done) => client.exec(line(), done),
        (channel) => {
          channel.once('close', slot.release);
          return attach(channel);
        },
        // Opened after its time: the command has just started, so it is stopped.
        (channel) => {
          channel.once('close', slot.release);
          try {
            channel.signal('KILL');
          } catch {
            // the host's own deadline ends it
          }
          channel.close();
        },
      ),
    );
  }

  /**
   * An sftp session for reading files, holding one slot until it is closed. A host without the
   * subsystem answers SftpUnavailableError, then and for the rest of this connection.
   */
  sftp(request: ChannelRequest): Promise<SftpFileReader> {
    if (this.sftpRefused && this.client) return Promise.reject(this.sftpRefused);
    return this.withSlot(request, (client, slot) =>
      this.answered<SFTPWrapper, SftpFileReader>(
        request,
        slot,
        (done) => client.sftp(done),
        (sftp) => {
          sftp.once('close', slot.release);
          return new SftpFileReader(sftp, this.settings.name);
        },
        (sftp) => {
          sftp.once('close', slot.release);
          sftp.end();
        },
        (error) => {
          if (isChannelRefused(error) || isStaleConnection(error)) return error;
          if (/^Unable to start subsystem/.test(error.message)) {
            // The session stays open on the server when only the subsystem was refused (ssh2
            // does not close it): its slot stays taken until the connection closes.
            slot.keep();
            client.once('close', slot.release);
          }
          this.sftpRefused = new SftpUnavailableError(this.settings.name, error.message);
          return this.sftpRefused;
        },
      ),
    );
  }

  /**
   * Asks ssh2 for a channel and waits for its answer until the request's deadline: a host that
   * never answers (an overloaded sshd) makes it CommandNotStartedError, and a channel that opens
   * after that is given to `abandon` (its slot is kept until then).
   */
  private answered<C, T>(
    request: ChannelRequest,
    slot: HeldSlot,
    ask: (done: (error: Error | undefined, channel: C) => void) => void,
    use: (channel: C) => T,
    abandon: (channel: C) => void,
    failure: (error: Error) => Error = (error) => error,
  ): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      let late = false;
      const timer = setTimeout(
        () => {
          late = true;
          slot.keep();
          reject(
            new CommandNotStartedError(
              this.settings.name,
              request.what,
              'deadline',
              'the host did not open an SSH session in time',
            ),
          );
        },
        Math.max(0, request.deadline - performance.now()),
      );
      try {
        ask((error, channel) => {
          clearTimeout(timer);
          if (late) {
            if (error) slot.discard();
            else abandon(channel);
            return;
          }
          if (error) return reject(failure(error));
          resolve(use(channel));
        });
      } catch (error) {
        clearTimeout(timer);
        reject(error);
      }
    });
  }

  /**
   * Runs `open` with a free slot and the connection; a refused session frees the slot, teaches
   * the limit and is tried again once one of ours closes (or after a short backoff: sshd may not
   * have freed the session we just saw close). A dead connection found here (its drop not yet
   * noticed) is replaced once: nothing had started on it.
   */
  private async withSlot<T>(request: ChannelRequest, open: (client: Client, slot: HeldSlot) => Promise<T>): Promise<T> {
    const slotRequest = { ...request, host: this.settings.name };
    let backoffMs = REFUSAL_BACKOFF_MS;
    let reconnected = false;
    for (;;) {
      let kept = false;
      const release = await this.slots.acquire(slotRequest);
      try {
        const client = await this.connect();
        this.slots.throwIfStopped(slotRequest);
        return await open(client, {
          release: () => release(true),
          discard: () => release(false),
          keep: () => (kept = true),
        });
      } catch (error) {
        if (!kept) release(false);
        if (isStaleConnection(error) && !reconnected) {
          reconnected = true;
          this.forget();
          continue;
        }
        if (!isChannelRefused(error)) throw error;
        this.slots.refused(this.slots.open);
        this.options.logger?.debug(
          { host: this.settings.name, open: this.slots.open, limit: this.slots.learnedLimit },
          'ssh session refused; waiting for one of ours to close',
        );
        await this.slots.waitForChange(slotRequest, backoffMs);
        backoffMs = Math.min(backoffMs * 2, REFUSAL_BACKOFF_CAP_MS);
      }
    }
  }

  private forget(): void {
    const client = this.client;
    this.client = undefined;
    this.sftpRefused = undefined;
    client?.destroy();
  }

  async close(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    this.sftpRefused = undefined;
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
        return new HostKeyUnknownError(
          s.name,
          address,
          keyFingerprint(key),
          s.knownHostsPath,
          `${quoteArgv(['ssh-keyscan', '-p', String(s.port), s.host])} >> ${quoteArg(s.knownHostsPath)}`,
        );
      return new HostKeyChangedError(
        s.name,
        address,
        keyFingerprint(key),
        quoteArgv(['ssh-keygen', '-R', knownHostName(s.host, s.port), '-f', s.knownHostsPath]),
        verdict === 'revoked',
      );
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

/** sshd's answer to a session over its MaxSessions ("no more sessions" in its log). */
function isChannelRefused(error: unknown): boolean {
  return error instanceof Error && /^\(SSH\) Channel open failure: open failed$/.test(error.message);
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
