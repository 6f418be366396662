import { describe, expect, it } from 'vitest';
import { evaluatePolicy, matchCriticalUnit, parseUnitName, unitNameProblem } from '@ai-sysadmin/executor';

describe('unit names', () => {
  it('come down to one base name whatever the spelling', () => {
    for (const name of [
      'sshd',
      'sshd.service',
      'sshd.socket',
      'SSHD',
      'sshd@0-10.0.0.1:22-10.0.0.2:51234.service',
      'ss\\x68d',
      'sshd@.service',
    ]) {
      expect(parseUnitName(name).base, name).toBe('sshd');
    }
    expect(parseUnitName('getty@tty1.service')).toMatchObject({ base: 'getty', instance: 'tty1', type: 'service' });
    expect(parseUnitName('multi-user.target')).toMatchObject({
      base: 'multi-user',
      type: 'target',
      full: 'multi-user.target',
    });
    expect(parseUnitName('nginx')).toMatchObject({ full: 'nginx.service', type: 'service' });
  });

  it('refuse paths, globs and look-alike letters', () => {
    expect(unitNameProblem('/home')).toContain('path');
    expect(unitNameProblem('ssh*')).toContain('glob');
    expect(unitNameProblem('ssh[d]')).toContain('glob');
    expect(unitNameProblem('ѕshd')).toContain('U+0455');
    expect(unitNameProblem('sshd ')).toContain('not a systemd unit name');
    expect(unitNameProblem('nginx')).toBeUndefined();
  });
});

describe('critical units', () => {
  const settings = { aiName: 'rhiannon' };
  const critical = [
    'ssh',
    'ssh.service',
    'ssh.socket',
    'sshd',
    'sshd.service',
    'sshd.socket',
    'sshd@.service',
    'sshd-keygen@rsa.service',
    'sshd-unix-local.socket',
    'networking',
    'network-online.target',
    'NetworkManager',
    'NetworkManager-wait-online.service',
    'systemd-networkd',
    'systemd-resolved.service',
    'systemd-journald.socket',
    'systemd-logind',
    'dbus',
    'dbus.socket',
    'dbus-broker',
    'dbus-broker.service',
    'polkit',
    'getty@tty1',
    'serial-getty@ttyS0.service',
    'user@1000.service',
    'rhiannon-ai',
    'rhiannon-ai.service',
    'rhiannon-ollama-worker.service',
    'redis',
    'redis-ai-sysadmin.service',
    'ollama',
    'chromadb',
    'nix-daemon',
    'nix-daemon.socket',
    'multi-user.target',
    'user.slice',
    'session-3.scope',
    'home.mount',
    'dev-sda1.device',
    'swapfile.swap',
    'wpa_supplicant',
    'tailscaled',
    'wg-quick@wg0',
    'firewall',
  ];
  for (const name of critical) {
    it(`${name} is critical`, () => {
      expect(matchCriticalUnit(name, settings)).toBeDefined();
      expect(evaluatePolicy({ argv: ['systemctl', 'stop', name] }, { autonomy: 'auto-full', ...settings }).risk).toBe(
        'forbidden',
      );
    });
  }
  for (const name of [
    'nginx',
    'postgresql',
    'cups.service',
    'docker',
    'sshguard',
    'nix-gc.timer',
    'backup@daily.service',
  ]) {
    it(`${name} is not critical`, () => {
      expect(matchCriticalUnit(name, settings)).toBeUndefined();
    });
  }
  it('stays critical among other units', () => {
    expect(
      evaluatePolicy({ argv: ['systemctl', 'stop', 'nginx', 'cups', 'sshd.socket'] }, { autonomy: 'auto-full' }).risk,
    ).toBe('forbidden');
    expect(
      evaluatePolicy({ argv: ['systemctl', '--no-block', 'stop', '--', 'dbus'] }, { autonomy: 'auto-full' }).risk,
    ).toBe('forbidden');
  });
  it('is forbidden to start rescue or emergency mode', () => {
    expect(evaluatePolicy({ argv: ['systemctl', 'start', 'rescue.target'] }, { autonomy: 'auto-full' }).risk).toBe(
      'forbidden',
    );
    expect(
      evaluatePolicy({ argv: ['systemctl', 'isolate', 'multi-user.target'] }, { autonomy: 'auto-full' }).risk,
    ).toBe('forbidden');
  });
});
