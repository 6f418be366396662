/**
 * The SSH runner against real OpenSSH hosts from the rig: one persistent connection reused for
 * every command, arguments that survive any byte, timeouts, and each way a host can fail.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '@ai-sysadmin/core';
import { makeCommand } from '@ai-sysadmin/command-patterns';
import {
  HostAuthenticationError,
  HostConnectTimeoutError,
  HostConnectionLostError,
  HostKeyChangedError,
  HostKeyUnknownError,
  HostUnreachableError,
  RunnerPool,
  SshKeyUnreadableError,
} from '@ai-sysadmin/executor';
import { type SshHost, startSshHost, startTarpit, type Tarpit, tempDir } from '../rig/index.js';

let host: SshHost;
let tarpit: Tarpit;
const pools: RunnerPool[] = [];

function poolFor(systems: object[], ssh: object = host.sshConfig()): RunnerPool {
  const config = parseConfig({
    stateDir: tempDir('state'),
    remoteSystems: systems,
    ssh: { ...ssh, connectTimeoutSec: 2 },
  });
  const pool = new RunnerPool(config);
  pools.push(pool);
  return pool;
}

beforeAll(async () => {
  host = await startSshHost({ name: 'web1', standIns: { 'slow-tool': { sleepSec: 30, stdout: 'never\n' } } });
  tarpit = await startTarpit();
});
afterAll(async () => {
  await Promise.all(pools.map((p) => p.closeAll()));
  await host.stop();
  await tarpit.stop();
});

describe('SSH runner', () => {
  it('runs commands on the host over one connection, reused for every command', async () => {
    const pool = poolFor([host.remoteSystem()]);
    const before = acceptedLogins(host);
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => pool.run(makeCommand(['echo', `n${i}`], { host: 'web1' }))),
    );
    expect(results.map((r) => r.stdout)).toEqual(Array.from({ length: 20 }, (_, i) => `n${i}\n`));
    expect(results.every((r) => r.exitCode === 0 && r.host === 'web1')).toBe(true);
    expect(acceptedLogins(host) - before).toBe(1);
  });

  it('loses no output or exit status of fast commands run many at once', async () => {
    const pool = poolFor([host.remoteSystem()]);
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) => pool.run(makeCommand(['printf', `%s`, `r${i}`], { host: 'web1' }))),
    );
    expect(results.map((r) => `${r.exitCode}:${r.stdout}`)).toEqual(Array.from({ length: 100 }, (_, i) => `0:r${i}`));
  });

  it('delivers every argument byte for byte, shell syntax included', async () => {
    const pool = poolFor([host.remoteSystem()]);
    const args = [
      'a b',
      "it's",
      '$(reboot)',
      '`id`',
      '; rm -rf /',
      '"quoted"',
      'tab\there',
      'new\nline',
      'ünïcødé ✓',
      '*',
      '~',
      '',
    ];
    const result = await pool.run(makeCommand(['printf', '%s\\0', ...args], { host: 'web1' }));
    expect(result.stdout.split('\0').slice(0, -1)).toEqual(args);
  });

  it('reports exit codes and stderr', async () => {
    const pool = poolFor([host.remoteSystem()]);
    const result = await pool.run(makeCommand(['ls', '/no/such/dir'], { host: 'web1' }));
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/No such file/);
    const missing = await pool.run(makeCommand(['no-such-tool'], { host: 'web1' }));
    expect(missing.exitCode).toBe(127);
  });

  it('ends a command that runs past its timeout and keeps the connection usable', async () => {
    const pool = poolFor([host.remoteSystem()]);
    const result = await pool.run(makeCommand(['slow-tool'], { host: 'web1', timeoutMs: 500 }));
    expect(result).toMatchObject({ timedOut: true, exitCode: null, stdout: '' });
    expect((await pool.run(makeCommand(['true'], { host: 'web1' }))).exitCode).toBe(0);
  });

  it('caps output and spills the whole of it to disk', async () => {
    const pool = poolFor([host.remoteSystem()]);
    const dir = tempDir('spill');
    const result = await pool.run(makeCommand(['seq', '1', '100000'], { host: 'web1', maxOutputBytes: 4096 }), {
      spillDir: dir,
    });
    expect(result).toMatchObject({ truncated: true, stdoutBytes: 588895 });
    expect(readFileSync(result.spilled!.stdoutPath, 'utf8').length).toBe(588895);
  });

  it('says a host is unreachable when its sshd is down, and reconnects once it is back', async () => {
    const pool = poolFor([host.remoteSystem()]);
    expect((await pool.run(makeCommand(['true'], { host: 'web1' }))).exitCode).toBe(0);
    killSessions(host);
    await host.stop();
    try {
      await expect(pool.run(makeCommand(['true'], { host: 'web1' }))).rejects.toThrow(HostUnreachableError);
      await expect(pool.run(makeCommand(['true'], { host: 'web1' }))).rejects.toThrow(/connection refused/);
    } finally {
      await host.restart();
    }
    expect((await pool.run(makeCommand(['echo', 'back'], { host: 'web1' }))).stdout).toBe('back\n');
  });

  it('reports a connection that drops mid-command as lost, then reconnects', async () => {
    const pool = poolFor([host.remoteSystem()]);
    const running = pool.run(makeCommand(['sleep', '20'], { host: 'web1', timeoutMs: 30_000 }));
    await new Promise((r) => setTimeout(r, 500));
    killSessions(host);
    await expect(running).rejects.toThrow(HostConnectionLostError);
    expect((await pool.run(makeCommand(['echo', 'again'], { host: 'web1' }))).stdout).toBe('again\n');
  });

  it('gives up on a host that accepts TCP and never answers, within the connect timeout', async () => {
    const pool = poolFor([{ name: 'hung', address: '127.0.0.1', port: tarpit.port }]);
    await expect(pool.run(makeCommand(['true'], { host: 'hung' }))).rejects.toThrow(HostConnectTimeoutError);
  });

  it('refuses a host whose key changed, loudly, and runs nothing there', async () => {
    const other = await startSshHost({ name: 'db1', standIns: { marker: { stdout: 'ran\n' } } });
    try {
      const pool = poolFor([other.remoteSystem()], other.sshConfig());
      expect((await pool.run(makeCommand(['marker'], { host: 'db1' }))).stdout).toBe('ran\n');
      await pool.closeAll();
      await other.rotateHostKey();
      const error = await pool.run(makeCommand(['marker'], { host: 'db1' })).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(HostKeyChangedError);
      expect((error as Error).message).toMatch(/host key of db1 .* has CHANGED \(now SHA256:/);
      expect(other.calls('marker')).toHaveLength(1);
    } finally {
      await other.stop();
    }
  });

  it('refuses an unknown host under strict checking; trusts it on first use when told to', async () => {
    const empty = join(tempDir('kh'), 'known_hosts');
    const strict = poolFor([host.remoteSystem()], { ...host.sshConfig(), knownHostsPath: empty });
    await expect(strict.run(makeCommand(['true'], { host: 'web1' }))).rejects.toThrow(HostKeyUnknownError);

    const tofu = poolFor([host.remoteSystem()], {
      ...host.sshConfig(),
      knownHostsPath: empty,
      strictHostKeyChecking: false,
    });
    expect((await tofu.run(makeCommand(['true'], { host: 'web1' }))).exitCode).toBe(0);
    expect(readFileSync(empty, 'utf8')).toBe(`${host.knownHostsLine()}\n`);
  });

  it('names the key and user when the host refuses the key', async () => {
    const dir = tempDir('key');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, 'other')]);
    const pool = poolFor([host.remoteSystem()], { ...host.sshConfig(), keyPath: join(dir, 'other') });
    await expect(pool.run(makeCommand(['true'], { host: 'web1' }))).rejects.toThrow(HostAuthenticationError);
    const missing = poolFor([host.remoteSystem()], { ...host.sshConfig(), keyPath: join(dir, 'missing') });
    await expect(missing.run(makeCommand(['true'], { host: 'web1' }))).rejects.toThrow(SshKeyUnreadableError);
  });

  it('verifies against a known RSA key even when the server prefers ed25519', async () => {
    const rsa = await startSshHost({ name: 'old1', keyType: 'rsa' });
    try {
      // Give the server an ed25519 key too; known_hosts only has the RSA one.
      const extra = join(rsa.dir, 'ssh_host_ed25519_key');
      execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', extra]);
      const config = join(rsa.dir, 'sshd_config');
      writeFileSync(
        config,
        readFileSync(config, 'utf8').replace(/^HostKey .*$/m, (line) => `HostKey ${extra}\n${line}`),
      );
      await rsa.restart();
      const pool = poolFor([rsa.remoteSystem()], rsa.sshConfig());
      expect((await pool.run(makeCommand(['echo', 'ok'], { host: 'old1' }))).stdout).toBe('ok\n');
    } finally {
      await rsa.stop();
    }
  });
});

/** Successful logins recorded in the host's sshd log (LogLevel VERBOSE). */
function acceptedLogins(h: SshHost): number {
  return (h.log().match(/Accepted publickey/g) ?? []).length;
}

/** Kills the per-connection sshd processes of a host, as a network drop or a crash of the session would. */
function killSessions(h: SshHost): void {
  try {
    execFileSync('pkill', ['-KILL', '-P', String(h.pid)]);
  } catch {
    // no sessions
  }
}
