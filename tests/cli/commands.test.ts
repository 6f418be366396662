/**
 * The commands people type, as the built binary against a daemon on the rig: approve
 * list/show/approve/reject on a restart the daemon proposed (two terminals approving at once run
 * it once), every `--json` output against its schema, no escape codes through a pipe, the daemon
 * down (one line, 69), a user outside the socket's group (which group to join), and the
 * `<aiName>-*` wrappers from install-commands.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Config, API_PATHS } from '@ai-sysadmin/core';
import type { Daemon } from '@ai-sysadmin/orchestrator';
import { OUTPUT_SCHEMAS, type OutputName } from '@ai-sysadmin/cli';
import { tempDir } from '../rig/index.js';
import { ensureBuilt } from '../helpers/build.js';
import { type UnitHost, daemonConfig, startDaemon, startUnitHost } from '../helpers/daemon-rig.js';
import { writeConfigFile } from '../helpers/daemon-process.js';
import { ESCAPE, runCliAsync } from '../helpers/cli-process.js';
import type { SocketClient } from '../helpers/socket-client.js';

let units: UnitHost;
let config: Config;
let configPath: string;
let daemon: Daemon;
let api: SocketClient;

const cli = (...args: string[]) => runCliAsync([...args, '--config', configPath]);

function matches(name: OutputName, stdout: string): unknown {
  const parsed: unknown = JSON.parse(stdout);
  const result = OUTPUT_SCHEMAS[name].safeParse(parsed);
  if (!result.success) throw new Error(`${name} --json does not match its schema: ${result.error.message}\n${stdout}`);
  return parsed;
}

beforeAll(async () => {
  ensureBuilt();
  units = await startUnitHost('web1');
  // The socket in a directory any user may enter, so the permission test reaches the socket itself.
  const socketDir = tempDir('cli-socket');
  chmodSync(socketDir, 0o755);
  config = await daemonConfig({
    hosts: [units.host],
    autonomyLevel: 'suggest',
    api: { socket: join(socketDir, 'api.sock') },
  });
  const configDir = tempDir('cli-config');
  chmodSync(configDir, 0o755);
  configPath = writeConfigFile(config, configDir);
  chmodSync(configPath, 0o644);
  ({ daemon, api } = await startDaemon(config));
}, 120_000);
afterAll(async () => {
  await daemon?.stop();
  await units?.host.stop();
});

describe('approve, on a restart the daemon proposed', { timeout: 240_000 }, () => {
  it('list shows number, host, command, risk, reason, who asked and age; show tells the whole action', async () => {
    units.fail('nginx.service');
    await daemon.checkNow();
    const list = await cli('approve', 'list');
    expect(list.code).toBe(0);
    const row = list.stdout.split('\n').find((l) => /^\s*1\s/.test(l));
    expect(row).toBeDefined();
    expect(row).toContain('web1');
    expect(row).toContain('systemctl restart nginx.service');
    expect(row).toMatch(/\b(low|medium)\b/);
    expect(row).toContain('issue 1');
    expect(row).toMatch(/\b\d+s\b/);
    expect(list.stdout).not.toContain(ESCAPE);

    const json = matches('approve list', (await cli('approve', 'list', '--json')).stdout) as {
      actions: { id: number; status: string }[];
    };
    expect(json.actions).toEqual([expect.objectContaining({ id: 1, status: 'pending' })]);

    const show = await cli('approve', 'show', '1');
    expect(show.code).toBe(0);
    expect(show.stdout).toContain('action 1 (command) pending');
    expect(show.stdout).toContain('on web1:');
    expect(show.stdout).toContain('approve with `ai-sysadmin approve approve 1`');
    matches('approve show', (await cli('approve', 'show', '1', '--json')).stdout);
  });

  it('approve from two terminals at once: it runs once, one says done and verified, the other is refused (65)', async () => {
    const before = units.restarts('nginx.service');
    const [a, b] = await Promise.all([cli('approve', 'approve', '1'), cli('approve', 'approve', '1')]);
    const [won, lost] = a.code === 0 ? [a, b] : [b, a];
    expect(won.code).toBe(0);
    expect(won.stdout).toContain('approved action 1');
    expect(won.stdout).toMatch(/web1: .*systemctl restart nginx\.service: exit 0/);
    expect(won.stdout).toContain('verification held: nginx.service is active');
    expect(won.stdout).toContain('action 1 done and verified');
    expect(lost.code).toBe(65);
    expect(lost.stderr).toMatch(/already|not pending|approved/i);
    expect(units.restarts('nginx.service') - before).toBe(1);
    expect((await api.json<{ actions: unknown[] }>('GET', API_PATHS.approvals)).actions).toEqual([]);
  });

  it('reject N --reason: it never runs; approving it afterwards is refused', async () => {
    units.fail('cron.service');
    await daemon.checkNow();
    const { actions } = await api.json<{ actions: { id: number }[] }>('GET', API_PATHS.approvals);
    const id = String(actions[0]!.id);
    const before = units.restarts('cron.service');
    const rejected = await cli('approve', 'reject', id, '--reason', 'not during office hours', '--json');
    expect(rejected.code).toBe(0);
    expect(matches('approve reject', rejected.stdout)).toMatchObject({
      action: { status: 'rejected', decision: { decision: 'rejected', note: 'not during office hours' } },
    });
    expect((await cli('approve', 'approve', id)).code).toBe(65);
    expect(units.restarts('cron.service')).toBe(before);
    expect((await cli('approve', 'list')).stdout).toBe('nothing waits for approval\n');
    units.heal();
  });
});

describe('--json outputs and plain output', { timeout: 120_000 }, () => {
  it('every list and report parses and matches its schema', async () => {
    const runs: [OutputName, string[]][] = [
      ['status', ['status']],
      ['issues list', ['issues', '--all']],
      ['issues show', ['issues', 'show', '1']],
      ['logs', ['logs', 'actions', '-n', '5']],
      ['logs', ['logs', '-n', '5', '--since', '1h']],
      ['approve list', ['approve', 'list', '--all']],
      ['systems', ['systems']],
      ['configs state', ['configs', 'state']],
      ['notify', ['notify', 'Backup', 'the nightly backup is done', '3']],
      ['check', ['check', '--no-llm-probe']],
    ];
    for (const [name, args] of runs) {
      const result = await cli(...args, '--json');
      expect([0, 1], `${args.join(' ')}: ${result.stderr}`).toContain(result.code);
      matches(name, result.stdout);
    }
  });

  it('check goes through the running daemon (a cycle of its own) with the same report and exit code as standalone', async () => {
    const lastCycle = async () =>
      (await api.json<{ cycle: { last: { cycle: number; reasons: string[] } | null } }>('GET', API_PATHS.status)).cycle
        .last;
    const before = (await lastCycle())?.cycle ?? 0;
    const through = await cli('check', '--no-llm-probe', '--json');
    const last = await lastCycle();
    expect(last!.cycle).toBeGreaterThan(before);
    expect(last!.reasons).toContain('check');
    const standalone = await cli('check', '--no-llm-probe', '--json', '--standalone');
    expect((await lastCycle())!.cycle).toBe(last!.cycle);
    const [a, b] = [matches('check', through.stdout), matches('check', standalone.stdout)] as {
      hosts: { host: string }[];
    }[];
    expect(a!.hosts.map((h) => h.host)).toEqual(['local']);
    expect(b!.hosts.map((h) => h.host)).toEqual(['local']);
    expect(through.code).toBe(standalone.code);
    const plain = await cli('check', '--no-llm-probe');
    expect(plain.stdout).toMatch(/^Health check at \S+ of 1 host/m);
    expect(plain.stdout + plain.stderr).not.toContain(ESCAPE);
  });

  it('policy check --json carries verdict and risk, also for a line refused at parse time', async () => {
    const policy = (...line: string[]) =>
      runCliAsync(['policy', 'check', '--json', '--config', configPath, '--', ...line]);
    const refused = await policy('ls', '|', 'sh');
    expect(refused.code).toBe(65);
    expect(matches('policy check', refused.stdout)).toMatchObject({
      verdict: 'deny',
      risk: 'forbidden',
      rejected: true,
    });
    const denied = await policy('rm', '-rf', '/');
    expect(matches('policy check', denied.stdout)).toMatchObject({ verdict: 'deny', risk: 'forbidden' });
    const restart = await policy('systemctl', 'restart', 'nginx');
    expect(matches('policy check', restart.stdout)).toMatchObject({ verdict: 'approval', risk: 'medium' });
  });

  it('through a pipe, and with NO_COLOR or TERM=dumb, no output carries an escape code', async () => {
    for (const env of [{}, { NO_COLOR: '1' }, { TERM: 'dumb' }])
      for (const args of [
        ['status'],
        ['issues', '--all'],
        ['approve', 'list', '--all'],
        ['logs', '-n', '20'],
        ['systems'],
      ]) {
        const result = await runCliAsync([...args, '--config', configPath], { env });
        expect(result.code, `${args.join(' ')}: ${result.stderr}`).toBe(0);
        expect(result.stdout + result.stderr).not.toContain(ESCAPE);
      }
  });

  it('logs --since keeps only newer entries', async () => {
    const all = matches('logs', (await cli('logs', 'actions', '-n', '1000', '--json')).stdout) as {
      entries: unknown[];
    };
    expect(all.entries.length).toBeGreaterThan(0);
    const none = matches(
      'logs',
      (await cli('logs', 'actions', '--since', new Date(Date.now() + 60_000).toISOString(), '--json')).stdout,
    ) as {
      entries: unknown[];
    };
    expect(none.entries).toEqual([]);
  });
});

describe('without the daemon, and without permission', { timeout: 120_000 }, () => {
  it('the daemon not running: one line saying how to start it, exit 69, for every client command', async () => {
    const down = await daemonConfig();
    const path = writeConfigFile(down);
    for (const args of [
      ['status'],
      ['approve', 'list'],
      ['ask', 'how are the disks?'],
      ['issues'],
      ['logs'],
      ['systems'],
      ['knowledge', 'list'],
    ]) {
      const result = await runCliAsync([...args, '--config', path]);
      expect(result.code, args.join(' ')).toBe(69);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(
        new RegExp(
          `^ai-sysadmin: the ${down.aiName} daemon is not running \\(no answer on \\S+: ENOENT\\); start it with \`systemctl start ${down.aiName}-ai\` or \`ai-sysadmin daemon\`\\n$`,
        ),
      );
    }
  });

  it('a user outside the socket group is told which group to join (exit 77)', async () => {
    const user = 'aisys-outsider';
    if (spawnSync('id', [user]).status !== 0)
      execFileSync('useradd', ['--no-create-home', '--shell', '/usr/sbin/nologin', user]);
    const uid = execFileSync('id', ['-u', user], { encoding: 'utf8' }).trim();
    const gid = execFileSync('id', ['-g', user], { encoding: 'utf8' }).trim();
    const result = await runCliAsync(['status', '--config', configPath], {
      argv0: [
        'setpriv',
        `--reuid=${uid}`,
        `--regid=${gid}`,
        '--clear-groups',
        process.execPath,
        join(import.meta.dirname, '../../packages/cli/bin/ai-sysadmin.js'),
      ],
      env: { HOME: '/tmp' },
    });
    expect(result.code, result.stderr).toBe(77);
    expect(result.stderr).toContain(
      `${config.api.socket} may not be used by ${user} (permission denied): it is open to the group "root"`,
    );
    expect(result.stderr).toContain(`sudo usermod -aG root ${user}`);
  });
});

describe('install-commands', { timeout: 60_000 }, () => {
  it('writes <aiName>-<command> wrappers that run as that command', async () => {
    const prefix = join(tempDir('wrappers'), 'bin');
    mkdirSync(prefix);
    const result = await cli('install-commands', '--prefix', prefix, '--name', 'rhiannon', '--json');
    expect(result.code, result.stderr).toBe(0);
    const { written } = matches('install-commands', result.stdout) as { written: string[] };
    expect(written.map((p) => p.slice(prefix.length + 1))).toEqual(
      ['chat', 'ask', 'check', 'approve', 'logs', 'issues', 'knowledge', 'systems', 'configs', 'notify', 'status'].map(
        (s) => `rhiannon-${s}`,
      ),
    );
    expect(readFileSync(join(prefix, 'rhiannon-ask'), 'utf8')).toMatch(/^#!\/bin\/sh\n/);
    const help = await runCliAsync(['--help'], { argv0: [join(prefix, 'rhiannon-ask')] });
    expect(help.stdout).toContain('Usage: ai-sysadmin ask');
    const status = await runCliAsync(['--config', configPath, '--json'], { argv0: [join(prefix, 'rhiannon-status')] });
    expect(status.code).toBe(0);
    matches('status', status.stdout);
    // Run again: it replaces its own wrappers, and refuses a file it did not write.
    expect((await cli('install-commands', '--prefix', prefix, '--name', 'rhiannon')).code).toBe(0);
    expect(existsSync(join(prefix, 'rhiannon-chat'))).toBe(true);
  });

  it('completion scripts: bash parses them', async () => {
    const bash = await runCliAsync(['completion', 'bash']);
    expect(bash.code).toBe(0);
    expect(spawnSync('bash', ['-n'], { input: bash.stdout }).status).toBe(0);
    expect(bash.stdout).toContain('approve)');
    for (const shell of ['zsh', 'fish']) {
      const out = await runCliAsync(['completion', shell]);
      expect(out.code).toBe(0);
      expect(out.stdout).toContain('knowledge');
    }
    expect((await runCliAsync(['completion', 'tcsh'])).code).toBe(64);
  });
});
