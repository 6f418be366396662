# Where the programs the sudo rules name live on a NixOS system: the packages behind
# /run/current-system/sw/bin, so a rule matches what sudo finds through its secure_path.
{ config, pkgs }:
{
  systemctl = "${config.systemd.package}/bin/systemctl";
  journalctl = "${config.systemd.package}/bin/journalctl";
  reboot = "${config.systemd.package}/bin/reboot";
  poweroff = "${config.systemd.package}/bin/poweroff";
  shutdown = "${config.systemd.package}/bin/shutdown";
  nix = "${config.nix.package}/bin/nix";
  nixStore = "${config.nix.package}/bin/nix-store";
  nixCollectGarbage = "${config.nix.package}/bin/nix-collect-garbage";
  nixEnv = "${config.nix.package}/bin/nix-env";
  nixosRebuild = "${config.system.build.nixos-rebuild}/bin/nixos-rebuild";
  env = "${pkgs.coreutils-full}/bin/env";
  securePath = "/run/wrappers/bin:/run/current-system/sw/bin";
}
