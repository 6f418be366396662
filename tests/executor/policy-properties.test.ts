import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AUTONOMY_LEVELS } from '@ai-sysadmin/core';
import { CATALOG, RISK_CLASSES, evaluatePolicy, riskRank } from '@ai-sysadmin/executor';

const programs = [
  ...CATALOG.map((p) => p.program),
  'rm',
  'sudo',
  'bash',
  'dd',
  'ssh',
  'nix-env',
  'vi',
  'python3',
  'htop',
  '/usr/bin/cat',
  '/tmp/x',
];
const words = [
  'status',
  'restart',
  'stop',
  'start',
  'mask',
  'disable',
  'kill',
  'show',
  'list-units',
  'nginx',
  'sshd',
  'sshd.socket',
  'dbus',
  'postgresql.service',
  'multi-user.target',
  '-u',
  '-n',
  '10',
  '-f',
  '-r',
  '-rf',
  '--no-pager',
  '-o',
  'json',
  '--output-fields=x',
  '-exec',
  '-delete',
  '-c',
  '3',
  '-b',
  '--now',
  '--',
  '-',
  '-e',
  'x',
  '/etc/hostname',
  '/etc/shadow',
  '/var/log/syslog',
  '/root/.ssh/id_ed25519',
  '/proc/1/environ',
  '/tmp/x',
  '../etc/passwd',
  '/etc/../etc/shadow',
  'relative.log',
  'https://example.com/',
  'file:///etc/shadow',
  'http://169.254.169.254/',
  'example.com',
  'build',
  'switch',
  '--flake',
  '/etc/nixos#host',
  'os',
  'profile',
  'install',
];
const arg = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...words) },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 6 }) },
);
const argv = fc.tuple(fc.constantFrom(...programs), fc.array(arg, { maxLength: 6 })).map(([p, a]) => [p, ...a]);
const VERDICT_RANK = { deny: 0, approval: 1, run: 2 } as const;
const SECRETS = [
  '/etc/shadow',
  '/root/.ssh/id_ed25519',
  '/proc/1/environ',
  '/run/secrets/x',
  '/home/a/.aws/credentials',
  '/var/lib/ai-sysadmin/.ssh/id_ed25519',
];
const ctx = (autonomy: (typeof AUTONOMY_LEVELS)[number]) => ({
  autonomy,
  aiName: 'rhiannon',
  stateDir: '/var/lib/ai-sysadmin',
});

describe('policy properties', () => {
  it('always answers with a verdict, a risk and a reason, never throws', () => {
    fc.assert(
      fc.property(argv, fc.constantFrom(...AUTONOMY_LEVELS), (a, level) => {
        const d = evaluatePolicy({ argv: a }, ctx(level));
        expect(['run', 'approval', 'deny']).toContain(d.verdict);
        expect(RISK_CLASSES).toContain(d.risk);
        expect(d.reason.length).toBeGreaterThan(5);
      }),
      { numRuns: 3000 },
    );
  });

  it('a more permissive autonomy level never gives a stricter verdict, and never changes the risk', () => {
    fc.assert(
      fc.property(argv, (a) => {
        const decisions = AUTONOMY_LEVELS.map((level) => evaluatePolicy({ argv: a }, ctx(level)));
        for (let i = 1; i < decisions.length; i++) {
          expect(VERDICT_RANK[decisions[i]!.verdict]).toBeGreaterThanOrEqual(VERDICT_RANK[decisions[i - 1]!.verdict]);
          expect(decisions[i]!.risk).toBe(decisions[0]!.risk);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('wrapping a command in sudo, env, a shell, nice or timeout never makes it allowed', () => {
    fc.assert(
      fc.property(
        argv,
        fc.constantFrom(
          ['sudo'],
          ['sudo', '-n', '--'],
          ['env'],
          ['nice', '-n', '5'],
          ['timeout', '5'],
          ['nohup'],
          ['xargs'],
        ),
        (a, wrapper) => {
          expect(evaluatePolicy({ argv: [...wrapper, ...a] }, ctx('auto-full')).risk).toBe('forbidden');
          expect(evaluatePolicy({ argv: ['sh', '-c', a.join(' ')] }, ctx('auto-full')).risk).toBe('forbidden');
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('acting on more hosts never lowers the risk', () => {
    fc.assert(
      fc.property(argv, (a) => {
        const one = evaluatePolicy({ argv: a, host: 'local' }, ctx('auto-full'));
        const two = evaluatePolicy({ argv: a, hosts: ['local', 'web1'] }, ctx('auto-full'));
        expect(riskRank(two.risk)).toBeGreaterThanOrEqual(riskRank(one.risk));
      }),
      { numRuns: 1000 },
    );
  });

  it('a command that names a secret path anywhere is never run', () => {
    fc.assert(
      fc.property(
        argv,
        fc.constantFrom(...SECRETS),
        fc.nat(6),
        fc.constantFrom('', '--file=', '-f', '@', 'if='),
        (a, secret, at, prefix) => {
          const withSecret = [...a];
          withSecret.splice(1 + (at % a.length), 0, `${prefix}${secret}`);
          expect(evaluatePolicy({ argv: withSecret }, ctx('auto-full')).verdict).not.toBe('run');
        },
      ),
      { numRuns: 2000 },
    );
  });
});
