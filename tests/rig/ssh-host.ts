/**
 * Managed hosts for tests: real OpenSSH sshd instances from Debian's openssh-server, each on its
 * own loopback port with its own host key, its own PATH of stand-in programs, and one rig-wide
 * client key that every host accepts.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { RemoteSystem } from '@ai-sysadmin/core';
import { ManagedProcess } from './managed-process.js';
import { freePort } from './ports.js';
import { type StandInSpec, standInCalls, writeStandIn } from './stand-in.js';
import { tempDir } from './temp-dir.js';
import { waitUntil } from './wait.js';
import { connect } from 'node:net';

const SSHD = '/usr/sbin/sshd';

export interface SshClientSettings {
  user: string;
  keyPath: string;
  knownHostsPath: string;
  strictHostKeyChecking: boolean;
}

export interface SshHost {
  readonly name: string;
  readonly address: string;
  readonly port: number;
  readonly dir: string;
  readonly binDir: string;
  /** The listening sshd's pid; each connection is served by a child of it. */
  readonly pid: number | undefined;
  /** The `remoteSystems` entry for this host. */
  remoteSystem(): RemoteSystem;
  /** The `ssh` config block: the rig's client key and a known_hosts holding this host's key. */
  sshConfig(): SshClientSettings;
  /** This host's known_hosts line. */
  knownHostsLine(): string;
  setStandIn(name: string, spec: StandInSpec): void;
  /** The argv of each call the stand-in received. */
  calls(name: string): string[][];
  stop(): Promise<void>;
  kill(): Promise<void>;
  restart(): Promise<void>;
  /** A new host key (as after a reinstall, or a man in the middle); known_hosts keeps the old one. */
  rotateHostKey(): Promise<void>;
  log(): string;
  /** Sessions (exec commands and subsystems such as sftp) this sshd has started so far, from its log. */
  sessionsStarted(): number;
}

export interface SshHostOptions {
  name?: string;
  standIns?: Record<string, StandInSpec>;
  /** Host key type (default ed25519). */
  keyType?: 'ed25519' | 'ecdsa' | 'rsa';
  /** sshd's MaxSessions (sessions per connection); default OpenSSH's own, 10. */
  maxSessions?: number;
  /** Offer the sftp subsystem, as a stock sshd_config does (default true). */
  sftp?: boolean;
  /**
   * The sftp server answers statvfs@openssh.com, as OpenSSH's does (default true). False denies it
   * (`sftp-server -P`), so disk usage comes from the host's df (a stand-in, where the test gives one).
   */
  statvfs?: boolean;
}

const SFTP_SERVER = '/usr/lib/openssh/sftp-server';

let clientKey: { dir: string; keyPath: string; publicKey: string } | undefined;

/** One client key pair for the whole test process. */
export function rigClientKey(): { keyPath: string; publicKey: string } {
  if (!clientKey) {
    const dir = tempDir('ssh-client');
    const keyPath = join(dir, 'id_ed25519');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'ai-sysadmin-test', '-f', keyPath]);
    clientKey = { dir, keyPath, publicKey: readFileSync(`${keyPath}.pub`, 'utf8').trim() };
  }
  return clientKey;
}

let hostCounter = 0;

export async function startSshHost(options: SshHostOptions = {}): Promise<SshHost> {
  if (!existsSync(SSHD)) throw new Error(`${SSHD} is missing: apt-get install -y openssh-server`);
  // sshd refuses to start without its privilege-separation directory.
  mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  const name = options.name ?? `host${++hostCounter}`;
  const dir = tempDir(`sshd-${name}`);
  const binDir = join(dir, 'bin');
  const callsDir = join(dir, 'calls');
  mkdirSync(binDir, { recursive: true });
  mkdirSync(callsDir, { recursive: true });
  const keyType = options.keyType ?? 'ed25519';
  const hostKeyPath = join(dir, `ssh_host_${keyType}_key`);
  const client = rigClientKey();
  writeFileSync(join(dir, 'authorized_keys'), `${client.publicKey}\n`, { mode: 0o600 });
  const port = await freePort();
  const knownHostsPath = join(dir, 'known_hosts');

  const generateHostKey = () => {
    rmSync(hostKeyPath, { force: true });
    rmSync(`${hostKeyPath}.pub`, { force: true });
    execFileSync('ssh-keygen', ['-q', '-t', keyType, '-N', '', '-C', name, '-f', hostKeyPath]);
  };
  const publicKeyBlob = () => readFileSync(`${hostKeyPath}.pub`, 'utf8').trim().split(/\s+/).slice(0, 2).join(' ');
  const knownHostsLine = () => `[127.0.0.1]:${port} ${publicKeyBlob()}`;

  generateHostKey();
  writeFileSync(knownHostsPath, `${knownHostsLine()}\n`);
  writeFileSync(
    join(dir, 'sshd_config'),
    [
      `Port ${port}`,
      'ListenAddress 127.0.0.1',
      `HostKey ${hostKeyPath}`,
      `PidFile ${join(dir, 'sshd.pid')}`,
      `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
      'PubkeyAuthentication yes',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'PermitRootLogin prohibit-password',
      'UsePAM no',
      'StrictModes no',
      'PrintMotd no',
      ...(options.maxSessions !== undefined ? [`MaxSessions ${options.maxSessions}`] : []),
      ...(options.sftp === false
        ? []
        : [`Subsystem sftp ${SFTP_SERVER}${options.statvfs === false ? ' -P statvfs,fstatvfs' : ''}`]),
      'MaxStartups 200:30:400',
      'LogLevel VERBOSE',
      // Stand-ins come first on the PATH of every session on this host. HOME is the host's own
      // directory, so the test machine's root dotfiles (bash sources ~/.bashrc for every SSH
      // command; here it runs `pyenv init`, ~120 ms) are no part of a managed host.
      `SetEnv PATH=${binDir}:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=${dir}`,
      '',
    ].join('\n'),
  );
  execFileSync(SSHD, ['-t', '-f', join(dir, 'sshd_config')]);

  const server = new ManagedProcess({
    command: SSHD,
    args: ['-D', '-e', '-f', join(dir, 'sshd_config')],
    logFile: join(dir, 'sshd.log'),
  });
  const start = async () => {
    server.start();
    await waitUntil(`sshd ${name} on port ${port}`, async () => {
      if (!server.alive) throw new Error(`sshd exited: ${server.log().slice(-500)}`);
      return sshBanner(port);
    });
  };
  for (const [program, spec] of Object.entries(options.standIns ?? {})) writeStandIn(binDir, callsDir, program, spec);
  await start();

  return {
    name,
    address: '127.0.0.1',
    port,
    dir,
    binDir,
    get pid() {
      return server.pid;
    },
    remoteSystem: () => ({ name, address: '127.0.0.1', port, user: 'root', sudo: false }),
    sshConfig: () => ({ user: 'root', keyPath: client.keyPath, knownHostsPath, strictHostKeyChecking: true }),
    knownHostsLine,
    setStandIn: (program, spec) => writeStandIn(binDir, callsDir, program, spec),
    calls: (program) => standInCalls(callsDir, program),
    stop: () => server.stop(),
    kill: () => server.kill(),
    restart: async () => {
      await server.stop();
      await start();
    },
    rotateHostKey: async () => {
      await server.stop();
      generateHostKey();
      await start();
    },
    log: () => server.log(),
    sessionsStarted: () => (server.log().match(/Starting session: /g) ?? []).length,
  };
}

/** Several hosts sharing one known_hosts file, as a config with many remoteSystems would. */
export interface SshFleet {
  readonly hosts: SshHost[];
  readonly knownHostsPath: string;
  remoteSystems(): RemoteSystem[];
  sshConfig(): SshClientSettings;
  stop(): Promise<void>;
}

export async function startSshFleet(
  count: number,
  options: (index: number) => SshHostOptions = () => ({}),
): Promise<SshFleet> {
  const hosts: SshHost[] = [];
  for (let i = 0; i < count; i++) hosts.push(await startSshHost(options(i)));
  const knownHostsPath = join(tempDir('fleet'), 'known_hosts');
  writeFileSync(knownHostsPath, `${hosts.map((h) => h.knownHostsLine()).join('\n')}\n`);
  return {
    hosts,
    knownHostsPath,
    remoteSystems: () => hosts.map((h) => h.remoteSystem()),
    sshConfig: () => ({ ...hosts[0]!.sshConfig(), knownHostsPath }),
    stop: async () => {
      await Promise.all(hosts.map((h) => h.stop()));
    },
  };
}

/** True once the server sends its SSH identification string. */
function sshBanner(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.setTimeout(1000);
    socket.once('data', (data) => {
      socket.destroy();
      resolve(data.toString().startsWith('SSH-'));
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}
