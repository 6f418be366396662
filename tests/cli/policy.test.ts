/** `ai-sysadmin policy check`, run as the built binary: verdict, risk and reason, nothing run. */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../helpers/build.js';
import { HOSTILE_LINES } from '../executor/adversarial-cases.js';
import { tempDir } from '../rig/index.js';

const bin = join(import.meta.dirname, '../../packages/cli/bin/ai-sysadmin.js');
const dir = tempDir('cli-policy');
const configPath = join(dir, 'config.json');

beforeAll(() => {
  ensureBuilt();
  writeFileSync(
    configPath,
    JSON.stringify({
      aiName: 'rhiannon',
      stateDir: join(dir, 'state'),
      autonomyLevel: 'suggest',
      remoteSystems: [
        { name: 'web1', address: '10.0.0.5' },
        { name: 'web2', address: '10.0.0.6' },
      ],
      criticalServices: ['postgresql'],
    }),
  );
});

function policy(...args: string[]) {
  const result = spawnSync(process.execPath, [bin, 'policy', 'check', '--config', configPath, ...args], {
    encoding: 'utf8',
    env: { ...process.env, AI_SYSADMIN_CONFIG: '' },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('ai-sysadmin policy check', () => {
  it('prints verdict, risk and reason at the configured autonomy', () => {
    const { code, stdout } = policy('--unit-state', 'nginx=failed', '--', 'systemctl', 'restart', 'nginx');
    expect(code).toBe(0);
    expect(stdout).toContain('verdict   approval\n');
    expect(stdout).toContain('risk      low\n');
    expect(stdout).toContain('autonomy  suggest\n');
    expect(stdout).toMatch(/reason +`systemctl restart`: restart or reload units \(nginx\)/);
  });

  it('takes --autonomy, --host (repeatable) and --json', () => {
    const one = JSON.parse(
      policy('--autonomy', 'auto-safe', '--unit-state', 'nginx=failed', '--json', '--', 'systemctl restart nginx')
        .stdout,
    );
    expect(one).toMatchObject({
      verdict: 'run',
      risk: 'low',
      autonomy: 'auto-safe',
      hosts: ['local'],
      argv: ['systemctl', 'restart', 'nginx'],
    });
    const two = JSON.parse(
      policy(
        '--autonomy',
        'auto-full',
        '--host',
        'web1',
        '--host',
        'web2',
        '--unit-state',
        'nginx=failed',
        '--json',
        '--',
        'systemctl restart nginx',
      ).stdout,
    );
    expect(two).toMatchObject({ verdict: 'approval', risk: 'high', hosts: ['web1', 'web2'] });
    expect(two.display[0]).toBe(`ssh -i ${join(dir, 'state')}/.ssh/id_ed25519 root@10.0.0.5 systemctl restart nginx`);
    expect(JSON.parse(policy('--json', '--host', 'mallory', '--', 'uptime').stdout)).toMatchObject({
      verdict: 'deny',
      risk: 'forbidden',
      reason: expect.stringContaining('mallory'),
    });
  });

  it('judges a restart by the unit state it is given: low for a failed unit, medium otherwise', () => {
    expect(
      JSON.parse(policy('--autonomy', 'auto-safe', '--json', '--', 'systemctl restart nginx').stdout),
    ).toMatchObject({ verdict: 'approval', risk: 'medium', reason: expect.stringContaining('not known to be failed') });
    expect(
      JSON.parse(
        policy('--autonomy', 'auto-safe', '--unit-state', 'nginx=active', '--json', '--', 'systemctl restart nginx')
          .stdout,
      ),
    ).toMatchObject({ verdict: 'approval', risk: 'medium' });
    expect(policy('--unit-state', 'nginx=sleepy', '--', 'uptime').code).toBe(64);
  });

  it('uses the config: critical services and hosts', () => {
    expect(JSON.parse(policy('--json', '--', 'systemctl stop postgresql').stdout)).toMatchObject({
      verdict: 'deny',
      risk: 'forbidden',
    });
    expect(
      JSON.parse(policy('--json', '--autonomy', 'observe', '--', 'journalctl -u nginx -n 50').stdout),
    ).toMatchObject({ verdict: 'run', risk: 'read-only' });
  });

  it('keeps the quoting of a line given as one argument', () => {
    const out = JSON.parse(policy('--json', '--', `grep -F 'worker process' /var/log/nginx/error.log`).stdout);
    expect(out.argv).toEqual(['grep', '-F', 'worker process', '/var/log/nginx/error.log']);
    expect(out.verdict).toBe('run');
  });

  it('gives a rejected line its reason and exits 65', () => {
    const { code, stderr, stdout } = policy('--', 'cat /etc/passwd; rm -rf /');
    expect(code).toBe(65);
    expect(stdout).toBe('');
    expect(stderr).toContain('Command line rejected at column 16');
    expect(stderr).toContain('`;`');
    const json = policy('--json', '--', 'echo $(id)');
    expect(json.code).toBe(65);
    expect(JSON.parse(json.stdout)).toMatchObject({ rejected: true, column: 6 });
  });

  it('never runs what it checks', () => {
    const marker = join(dir, 'ran');
    const { code, stdout } = policy('--autonomy', 'auto-full', '--json', '--', `touch ${marker}`);
    expect(code).toBe(0);
    expect(JSON.parse(stdout).verdict).toBe('deny');
    expect(spawnSync('test', ['-e', marker]).status).toBe(1);
    const uptime = JSON.parse(policy('--autonomy', 'auto-full', '--json', '--', 'uptime').stdout);
    expect(uptime.verdict).toBe('run');
    expect(uptime).not.toHaveProperty('stdout');
  });

  it('refuses every hostile line of the adversarial set (one process per line, a sample of 40)', () => {
    const sample = HOSTILE_LINES.filter((_, i) => i % Math.ceil(HOSTILE_LINES.length / 40) === 0);
    for (const { line } of sample) {
      if (/[\0]/.test(line)) continue; // a NUL cannot be passed in a process argument at all
      const { code, stdout } = policy('--autonomy', 'auto-full', '--json', '--', line);
      if (code === 65) continue;
      expect(code, line).toBe(0);
      expect(JSON.parse(stdout).verdict, line).toBe('deny');
    }
  });

  it('exits 64 for a bad option and 78 for a bad config', () => {
    expect(policy('--autonomy', 'yolo', '--', 'uptime').code).toBe(64);
    expect(policy('ls', '-la').code).toBe(64);
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ autonomyLevel: 'yolo' }));
    const result = spawnSync(process.execPath, [bin, 'policy', 'check', '--config', bad, '--', 'uptime'], {
      encoding: 'utf8',
    });
    expect(result.status).toBe(78);
  });
});
