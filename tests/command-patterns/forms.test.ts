import { describe, expect, it } from 'vitest';
import { parseConfig } from '@ai-sysadmin/core';
import {
  InvalidCommandError,
  commandFromLine,
  commandSchema,
  displayCommand,
  execArgv,
  localTarget,
  makeCommand,
  remoteCommandLine,
  nixSshOpts,
  resolveTarget,
  sshDestination,
} from '@ai-sysadmin/command-patterns';

const config = parseConfig({
  stateDir: '/var/lib/rhiannon',
  ssh: { user: 'admin' },
  remoteSystems: [
    { name: 'web1', address: '10.0.0.5', sudo: true },
    { name: 'nas', address: 'nas.lan', port: 2222, user: 'root' },
  ],
});

describe('argv model', () => {
  it('refuses what a process cannot receive, naming the argument', () => {
    expect(() => makeCommand([])).toThrow(InvalidCommandError);
    expect(() => makeCommand([''])).toThrow(/program name is empty/);
    expect(() => makeCommand(['./run.sh'])).toThrow(/relative path/);
    expect(() => makeCommand(['echo', 'a\0b'])).toThrow(/Argument 1 of `echo` contains a NUL byte at position 1/);
    expect(() => makeCommand(['echo', 'ok', '\ud800'])).toThrow(/Argument 2 .* lone surrogate/);
  });

  it('accepts any other character in an argument, newlines and quotes included', () => {
    expect(makeCommand(['logger', 'line one\nit\'s "two"']).argv[1]).toBe('line one\nit\'s "two"');
  });

  it('validates commands that arrive from outside, field by field', () => {
    expect(commandSchema.parse({ argv: ['uptime'] })).toEqual({
      host: 'local',
      argv: ['uptime'],
      sudo: false,
      timeoutMs: 60000,
      maxOutputBytes: 1048576,
    });
    expect(
      commandSchema.safeParse({ argv: [], shell: true }).error?.issues.map((i) => i.path.join('.') || i.code),
    ).toEqual(['argv', 'unrecognized_keys']);
  });
});

describe('targets and runnable forms', () => {
  it('resolves managed systems with their SSH settings and rejects unknown names', () => {
    const web1 = resolveTarget('web1', config);
    expect(web1).toMatchObject({
      kind: 'ssh',
      ssh: {
        host: '10.0.0.5',
        port: 22,
        username: 'admin',
        privateKeyPath: '/var/lib/rhiannon/.ssh/id_ed25519',
        knownHostsPath: '/var/lib/rhiannon/.ssh/known_hosts',
        strictHostKeyChecking: true,
        readyTimeoutMs: 10000,
        sudo: true,
      },
    });
    expect(() => resolveTarget('web2', config)).toThrow(/No managed system is named "web2"/);
    try {
      resolveTarget('web2', config);
    } catch (error) {
      expect((error as InvalidCommandError).hint).toBe(
        'Known hosts: local, web1, nas. Add it to remoteSystems in the config to manage it.',
      );
    }
  });

  it('adds sudo -n -- only where root is needed and the user is not root', () => {
    const restart = makeCommand(['systemctl', 'restart', 'nginx'], { sudo: true });
    expect(execArgv(restart, resolveTarget('web1', config))).toEqual([
      'sudo',
      '-n',
      '--',
      'systemctl',
      'restart',
      'nginx',
    ]);
    expect(execArgv(restart, resolveTarget('nas', config))).toEqual(['systemctl', 'restart', 'nginx']);
    expect(execArgv(restart, localTarget(true))).toEqual(['systemctl', 'restart', 'nginx']);
    expect(execArgv(restart, localTarget(false))).toEqual(['sudo', '-n', '--', 'systemctl', 'restart', 'nginx']);
    expect(execArgv(makeCommand(['uptime']), localTarget(false))).toEqual(['uptime']);
  });

  it('sends one POSIX-quoted line to a remote host', () => {
    const command = commandFromLine(`journalctl -u nginx --since '1 hour ago' --grep 'a;b'`, { sudo: true });
    expect(remoteCommandLine(command, resolveTarget('web1', config))).toBe(
      "sudo -n -- journalctl -u nginx --since '1 hour ago' --grep 'a;b'",
    );
  });

  it('shows a person the command as they would type it', () => {
    const restart = makeCommand(['systemctl', 'restart', 'nginx'], { sudo: true });
    expect(displayCommand(restart, resolveTarget('web1', config))).toBe(
      'ssh -i /var/lib/rhiannon/.ssh/id_ed25519 admin@10.0.0.5 sudo systemctl restart nginx',
    );
    expect(displayCommand(makeCommand(['df', '-h', '/srv/my data']), resolveTarget('nas', config))).toBe(
      "ssh -i /var/lib/rhiannon/.ssh/id_ed25519 -p 2222 root@nas.lan df -h '/srv/my data'",
    );
  });

  it('shows hidden characters as escapes, so a displayed command cannot pass for another', () => {
    const sneaky = makeCommand(['echo', 'safe\u001b[2K\rrm -rf /', 'a\u202eb', "it's\n"]);
    expect(displayCommand(sneaky, localTarget(true))).toBe(
      "echo $'safe\\x1b[2K\\x0drm -rf /' $'a\\u202eb' $'it\\'s\\n'",
    );
  });
});

describe('environment and SSH for tools that connect themselves', () => {
  it('passes an environment as `env NAME=value`, so it survives sudo and reaches remote hosts', () => {
    const rebuild = makeCommand(['nixos-rebuild', 'switch'], { sudo: true, env: { NIX_SSHOPTS: '-p 2222' } });
    expect(execArgv(rebuild, localTarget(false))).toEqual([
      'sudo',
      '-n',
      '--',
      'env',
      'NIX_SSHOPTS=-p 2222',
      'nixos-rebuild',
      'switch',
    ]);
    expect(displayCommand(rebuild, localTarget(false))).toBe("sudo NIX_SSHOPTS='-p 2222' nixos-rebuild switch");
    expect(() => makeCommand(['x'], { env: { 'BAD NAME': '1' } })).toThrow(/not valid/);
    expect(commandSchema.safeParse({ argv: ['x'], env: { LD_PRELOAD: '/tmp/x.so' } }).success).toBe(false);
  });

  it("gives nixos-rebuild's own ssh the same user, key, port and known_hosts as ours", () => {
    const nas = resolveTarget('nas', config);
    if (nas.kind !== 'ssh') throw new Error('expected ssh');
    expect(sshDestination(nas.ssh)).toBe('root@nas.lan');
    expect(nixSshOpts(nas.ssh)).toBe(
      '-i /var/lib/rhiannon/.ssh/id_ed25519 -p 2222 -o IdentitiesOnly=yes -o UserKnownHostsFile=/var/lib/rhiannon/.ssh/known_hosts -o StrictHostKeyChecking=yes -o BatchMode=yes -o ConnectTimeout=10 -o ServerAliveInterval=15',
    );
    expect(() => nixSshOpts({ ...nas.ssh, privateKeyPath: '/var/lib/my keys/id' })).toThrow(
      /ssh.keyPath .* white space/,
    );
  });
});
