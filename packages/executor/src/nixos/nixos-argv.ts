/**
 * The commands of a NixOS change, as argv: the validation build, the switch and the rollback,
 * with `--target-host` (and our ssh settings in NIX_SSHOPTS) for a managed system.
 */
import { type Config, LOCAL_HOST } from '@ai-sysadmin/core';
import { nixSshOpts, resolveTarget, sshDestination } from '@ai-sysadmin/command-patterns';

/** `nix build --no-link --print-out-paths TREE#nixosConfigurations.NAME.config.system.build.toplevel`. */
export function validationBuildArgv(tree: string, configuration: string): string[] {
  return [
    'nix',
    '--extra-experimental-features',
    'nix-command flakes',
    'build',
    '--no-link',
    '--print-out-paths',
    `${tree}#nixosConfigurations.${configuration}.config.system.build.toplevel`,
  ];
}

/** `nixos-rebuild switch --flake TREE#NAME` or `nh os switch TREE -H NAME`, with `--target-host` for a managed system. */
export function switchArgv(config: Config, host: string, tree: string, configuration: string): string[] {
  const target = targetHost(config, host);
  if (config.nixosTool === 'nh')
    return [
      'nh',
      'os',
      'switch',
      tree,
      '--hostname',
      configuration,
      ...(target ? ['--target-host', target.destination] : []),
    ];
  return ['nixos-rebuild', 'switch', '--flake', `${tree}#${configuration}`, ...targetHostArgs(target)];
}

export function rollbackArgv(config: Config, host: string): string[] {
  return ['nixos-rebuild', 'switch', '--rollback', ...targetHostArgs(targetHost(config, host))];
}

/**
 * The environment a local `--target-host` switch or rollback needs: NIX_SSHOPTS, so that its ssh
 * uses our key, port and known_hosts for the managed host. Nothing for a local switch.
 */
export function targetHostEnv(config: Config, host: string): Record<string, string> | undefined {
  if (host === LOCAL_HOST) return undefined;
  const target = resolveTarget(host, config);
  return target.kind === 'ssh' ? { NIX_SSHOPTS: nixSshOpts(target.ssh) } : undefined;
}

function targetHost(config: Config, host: string): { destination: string; sudo: boolean } | undefined {
  if (host === LOCAL_HOST) return undefined;
  const target = resolveTarget(host, config);
  if (target.kind !== 'ssh') return undefined;
  return { destination: sshDestination(target.ssh), sudo: target.ssh.sudo && target.ssh.username !== 'root' };
}

function targetHostArgs(target: { destination: string; sudo: boolean } | undefined): string[] {
  return target ? ['--target-host', target.destination, ...(target.sudo ? ['--use-remote-sudo'] : [])] : [];
}
