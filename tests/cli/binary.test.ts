/** The built ai-sysadmin binary, run as a person would run it. */
import { spawnSync } from 'node:child_process';
import { symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../rig/index.js';

const bin = join(import.meta.dirname, '../../packages/cli/bin/ai-sysadmin.js');
const SUBCOMMANDS = [
  'chat',
  'ask',
  'check',
  'approve',
  'logs',
  'issues',
  'knowledge',
  'systems',
  'configs',
  'notify',
  'status',
  'daemon',
  'trigger',
  'worker',
  'policy',
  'config',
];

function run(args: string[], options: { argv0?: string; env?: NodeJS.ProcessEnv } = {}) {
  const result = spawnSync(process.execPath, [options.argv0 ?? bin, ...args], {
    encoding: 'utf8',
    env: { ...process.env, AI_SYSADMIN_CONFIG: '', ...options.env },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('ai-sysadmin binary', () => {
  it('lists every subcommand in --help', () => {
    const { code, stdout } = run(['--help']);
    expect(code).toBe(0);
    for (const name of SUBCOMMANDS) expect(stdout).toMatch(new RegExp(`^  ${name} +\\S`, 'm'));
  });

  it('exits 64 for an unknown subcommand and for no subcommand', () => {
    expect(run(['frobnicate'])).toMatchObject({
      code: 64,
      stderr: expect.stringMatching(/unknown subcommand "frobnicate"/),
    });
    expect(run([]).code).toBe(64);
  });

  it('validates a config file and explains each error, exiting 78', () => {
    const dir = tempDir('cli');
    const bad = join(dir, 'bad.json');
    writeFileSync(
      bad,
      JSON.stringify({ autonomyLevel: 'yolo', remoteSystems: [{ name: 'web1' }], ssh: { strictHostKeyCheck: false } }),
    );
    const { code, stderr } = run(['config', 'check', '--config', bad]);
    expect(code).toBe(78);
    expect(stderr).toContain(`Configuration ${bad} is invalid:`);
    expect(stderr).toContain(
      'autonomyLevel: expected one of "observe", "suggest", "auto-safe", "auto-full", got string "yolo"',
    );
    expect(stderr).toContain('remoteSystems[0].address: is required (string)');
    expect(stderr).toContain(
      'ssh.strictHostKeyCheck: unknown key "strictHostKeyCheck" (did you mean "strictHostKeyChecking"?)',
    );

    const good = join(dir, 'good.json');
    writeFileSync(good, JSON.stringify({ aiName: 'rhiannon', remoteSystems: [{ name: 'web1', address: '10.0.0.5' }] }));
    expect(run(['config', 'check', '--config', good])).toMatchObject({
      code: 0,
      stdout: `Configuration ${good} is valid: assistant "rhiannon", autonomy suggest, 1 managed host.\n`,
    });
    expect(JSON.parse(run(['config', 'show', '--config', good]).stdout)).toMatchObject({
      aiName: 'rhiannon',
      checkInterval: 300,
    });
  });

  it('refuses managed-system addresses that are options or shell syntax, each with the reason', () => {
    const bad = join(tempDir('cli'), 'hostile.json');
    const addresses = ['-p22', '-oProxyCommand=touch${IFS}pwned', '$(touch${IFS}pwned)'];
    writeFileSync(bad, JSON.stringify({ remoteSystems: addresses.map((address, i) => ({ name: `h${i}`, address })) }));
    const { code, stderr } = run(['config', 'check', '--config', bad]);
    expect(code).toBe(78);
    expect(stderr).toContain("remoteSystems[0].address: must not start with '-'");
    expect(stderr).toContain("remoteSystems[1].address: must not start with '-'");
    expect(stderr).toContain(
      'remoteSystems[2].address: holds "$", which is shell syntax and never part of a host name or address',
    );
  });

  it('runs the subcommand named by the name it was called by (<aiName>-<subcommand>)', () => {
    const dir = tempDir('cli');
    const alias = join(dir, 'rhiannon-config');
    symlinkSync(bin, alias);
    expect(run(['schema'], { argv0: alias })).toMatchObject({
      code: 0,
      stdout: expect.stringContaining('"autonomyLevel"'),
    });
  });
});
