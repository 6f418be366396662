import { describe, expect, it } from 'vitest';
import { AUTONOMY_LEVELS, parseConfig } from '@ai-sysadmin/core';
import {
  AUTONOMY_TABLE,
  type Risk,
  type UnitActiveState,
  evaluatePolicy,
  policyContextFromConfig,
} from '@ai-sysadmin/executor';

/** One command per risk class, each a shape the catalog really has. */
const BY_RISK: Record<Risk, string[][]> = {
  'read-only': [
    ['uptime'],
    ['systemctl', 'status', 'nginx'],
    ['journalctl', '-u', 'nginx', '-n', '100', '--no-pager'],
    ['df', '-h'],
    ['nvidia-smi', '-q', '-x'],
    ['nix-store', '--verify', '--check-contents'],
  ],
  // nginx is failed on the host (see `context`): restarting it is low.
  low: [
    ['systemctl', 'restart', 'nginx'],
    ['systemctl', 'reset-failed', 'postgresql.service'],
    ['nixos-rebuild', 'build', '--flake', '/etc/nixos#rhiannon'],
    ['logger', '-t', 'note', 'restarting', 'nginx'],
  ],
  // php-fpm is running and no issue names it; postgresql is stopped: restarting or starting them is medium.
  medium: [
    ['nix-collect-garbage'],
    ['systemctl', 'daemon-reload'],
    ['nix-store', '--gc'],
    ['systemctl', 'restart', 'php-fpm'],
    ['systemctl', 'start', 'postgresql.service'],
  ],
  high: [
    ['reboot'],
    ['systemctl', 'stop', 'nginx'],
    ['systemctl', 'disable', '--now', 'cups'],
    ['nixos-rebuild', 'switch', '--flake', '/etc/nixos#rhiannon'],
    ['nh', 'os', 'switch', '/etc/nixos', '-H', 'rhiannon'],
    ['systemctl', 'restart', 'sshd'],
  ],
  forbidden: [
    ['rm', '-rf', '/var/lib/postgresql'],
    ['dd', 'if=/dev/zero', 'of=/dev/sda'],
    ['mkfs.ext4', '/dev/sdb1'],
    ['shred', '-u', '/var/log/auth.log'],
    ['nix-env', '-iA', 'nixos.htop'],
    ['nix', 'profile', 'install', 'nixpkgs#htop'],
    ['systemctl', 'stop', 'sshd'],
    ['useradd', 'eve'],
    ['cp', '/tmp/x', '/etc/passwd'],
  ],
};

const states = new Map<string, UnitActiveState>([
  ['nginx.service', 'failed'],
  ['php-fpm.service', 'active'],
  ['postgresql.service', 'inactive'],
]);
const context = (autonomy: (typeof AUTONOMY_LEVELS)[number]) => ({
  autonomy,
  aiName: 'rhiannon',
  unitStates: new Map([['local', states]]),
  knownHosts: ['local', 'web1', 'web2'],
});

describe('the autonomy table', () => {
  for (const level of AUTONOMY_LEVELS) {
    describe(`at ${level}`, () => {
      for (const [risk, commands] of Object.entries(BY_RISK) as [Risk, string[][]][]) {
        for (const argv of commands) {
          it(`${argv.join(' ')} is ${risk} and gets ${AUTONOMY_TABLE[level][risk]}`, () => {
            const decision = evaluatePolicy({ argv }, context(level));
            expect(decision.risk).toBe(risk);
            expect(decision.verdict).toBe(AUTONOMY_TABLE[level][risk]);
            expect(decision.reason.length).toBeGreaterThan(10);
          });
        }
      }
    });
  }

  it("is the brief's table", () => {
    expect(AUTONOMY_TABLE).toEqual({
      observe: { 'read-only': 'run', low: 'deny', medium: 'deny', high: 'deny', forbidden: 'deny' },
      suggest: { 'read-only': 'run', low: 'approval', medium: 'approval', high: 'approval', forbidden: 'deny' },
      'auto-safe': { 'read-only': 'run', low: 'run', medium: 'approval', high: 'approval', forbidden: 'deny' },
      'auto-full': { 'read-only': 'run', low: 'run', medium: 'run', high: 'approval', forbidden: 'deny' },
    });
  });
});

describe('several hosts', () => {
  it('makes a change high risk, so even auto-full asks', () => {
    const d = evaluatePolicy(
      { argv: ['systemctl', 'restart', 'nginx'], hosts: ['web1', 'web2'] },
      context('auto-full'),
    );
    expect(d).toMatchObject({ verdict: 'approval', risk: 'high' });
    expect(d.reason).toContain('2 hosts');
  });

  it('leaves reading alone: an investigation across hosts changes nothing', () => {
    expect(evaluatePolicy({ argv: ['uptime'], hosts: ['web1', 'web2'] }, context('observe'))).toMatchObject({
      verdict: 'run',
      risk: 'read-only',
    });
  });

  it('counts a host named twice once', () => {
    const onWeb1 = { ...context('auto-full'), unitStates: new Map([['web1', states]]) };
    expect(evaluatePolicy({ argv: ['systemctl', 'restart', 'nginx'], hosts: ['web1', 'web1'] }, onWeb1)).toMatchObject({
      verdict: 'run',
      risk: 'low',
    });
  });

  it('refuses a host that is not managed', () => {
    const d = evaluatePolicy(
      { argv: ['uptime'], host: 'mallory' },
      { ...context('auto-full'), knownHosts: ['local', 'web1'] },
    );
    expect(d).toMatchObject({ verdict: 'deny', risk: 'forbidden' });
    expect(d.reason).toContain('mallory');
  });
});

describe('the site configuration', () => {
  const config = (extra: object) =>
    parseConfig({ aiName: 'rhiannon', stateDir: '/var/lib/ai-sysadmin', autonomyLevel: 'auto-full', ...extra });

  it('adds critical units: stop becomes forbidden and restart needs approval', () => {
    const ctx = policyContextFromConfig(config({ criticalServices: ['postgresql', 'home-assistant*'] }));
    expect(evaluatePolicy({ argv: ['systemctl', 'stop', 'postgresql.service'] }, ctx).risk).toBe('forbidden');
    expect(evaluatePolicy({ argv: ['systemctl', 'kill', 'home-assistant-backup'] }, ctx).risk).toBe('forbidden');
    expect(evaluatePolicy({ argv: ['systemctl', 'restart', 'postgresql'] }, ctx)).toMatchObject({
      verdict: 'approval',
      risk: 'high',
    });
    expect(
      evaluatePolicy({ argv: ['systemctl', 'restart', 'nginx'] }, { ...ctx, unitStates: new Map([['local', states]]) }),
    ).toMatchObject({ verdict: 'run', risk: 'low' });
  });

  it('adds allowed shapes with their risk', () => {
    const ctx = policyContextFromConfig(
      config({
        extraAllowedCommands: [
          { program: 'zpool', args: ['status'], risk: 'read-only' },
          { program: 'docker', args: ['ps'], allowMoreArgs: true, risk: 'read-only' },
          { program: 'systemctl', args: ['enable'], allowMoreArgs: true, risk: 'medium' },
        ],
      }),
    );
    expect(evaluatePolicy({ argv: ['docker', 'ps', '-a'] }, ctx)).toMatchObject({ verdict: 'run', risk: 'read-only' });
    expect(evaluatePolicy({ argv: ['docker', 'rm', 'x'] }, ctx)).toMatchObject({ verdict: 'deny' });
    expect(evaluatePolicy({ argv: ['systemctl', 'enable', 'nginx'] }, ctx)).toMatchObject({
      verdict: 'run',
      risk: 'medium',
    });
  });

  it('can never allow a forbidden shape', () => {
    const ctx = policyContextFromConfig(
      config({
        extraAllowedCommands: [
          { program: 'rm', args: ['-rf'], allowMoreArgs: true, risk: 'low' },
          { program: 'bash', allowMoreArgs: true, risk: 'read-only' },
          { program: 'nix-env', allowMoreArgs: true, risk: 'low' },
          { program: 'systemctl', args: ['stop'], allowMoreArgs: true, risk: 'low' },
          { program: 'cat', allowMoreArgs: true, risk: 'read-only' },
          { program: 'sudo', allowMoreArgs: true, risk: 'low' },
          { program: 'useradd', allowMoreArgs: true, risk: 'low' },
          { program: 'tee', allowMoreArgs: true, risk: 'low' },
        ],
      }),
    );
    for (const argv of [
      ['rm', '-rf', '/'],
      ['bash', '-c', 'id'],
      ['nix-env', '-e', 'x'],
      ['systemctl', 'stop', 'sshd'],
      ['cat', '/etc/shadow'],
      ['sudo', 'id'],
      ['useradd', 'x'],
      ['tee', '/etc/hosts'],
    ]) {
      expect(evaluatePolicy({ argv }, ctx), argv.join(' ')).toMatchObject({ verdict: 'deny', risk: 'forbidden' });
    }
    // The allowed part of those shapes still works.
    expect(evaluatePolicy({ argv: ['systemctl', 'stop', 'nginx'] }, ctx).verdict).toBe('approval');
  });

  it("protects the assistant's own units by its name", () => {
    const ctx = policyContextFromConfig(config({ aiName: 'gwen' }));
    expect(evaluatePolicy({ argv: ['systemctl', 'stop', 'gwen-ai.service'] }, ctx).risk).toBe('forbidden');
    expect(evaluatePolicy({ argv: ['systemctl', 'mask', 'gwen-ollama-worker'] }, ctx).risk).toBe('forbidden');
  });

  it("keeps the assistant's key and token files secret", () => {
    const ctx = policyContextFromConfig(
      config({
        ssh: { keyPath: '/srv/keys/agent' },
        gotify: { url: 'http://gotify.lan', tokenFile: '/srv/gotify.token' },
      }),
    );
    expect(evaluatePolicy({ argv: ['cat', '/srv/keys/agent'] }, ctx).risk).toBe('forbidden');
    expect(evaluatePolicy({ argv: ['head', '/srv/gotify.token'] }, ctx).risk).toBe('forbidden');
    expect(evaluatePolicy({ argv: ['cat', '/var/lib/ai-sysadmin/.ssh/id_ed25519'] }, ctx).risk).toBe('forbidden');
  });

  it('refuses a criticalServices entry that is not a unit name', () => {
    expect(() => config({ criticalServices: ['ssh d'] })).toThrow(/criticalServices\[0\]/);
    expect(() => config({ extraAllowedCommands: [{ program: '/bin/rm', risk: 'low' }] })).toThrow(
      /extraAllowedCommands\[0\]\.program/,
    );
  });
});

describe('reasons a person can act on', () => {
  it('names the matched shape and the unit', () => {
    const d = evaluatePolicy({ argv: ['systemctl', 'restart', 'nginx'] }, context('suggest'));
    expect(d.reason).toContain('systemctl restart');
    expect(d.reason).toContain('nginx');
    expect(d.reason).toContain('approve');
  });

  it('says which option is not allowed', () => {
    expect(evaluatePolicy({ argv: ['journalctl', '-f'] }, context('auto-full')).reason).toContain('-f');
    expect(evaluatePolicy({ argv: ['tail', '--follow', '/var/log/syslog'] }, context('auto-full')).reason).toContain(
      '--follow',
    );
  });

  it('says a program is not in the allow-list', () => {
    expect(evaluatePolicy({ argv: ['htop'] }, context('auto-full')).reason).toContain('not in the allow-list');
  });
});
