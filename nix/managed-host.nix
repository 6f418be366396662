# nixosModules.managed-host: what a host the assistant manages over SSH needs. A user it logs in
# as with its key, the journal group, and sudo rules for exactly the root-only command shapes of
# its catalog (nix/sudo-rules.nix). On the assistant's side the host is an entry of
# services.ai-sysadmin.remoteSystems with this user and `sudo = true`.
{
  config,
  lib,
  pkgs,
  ...
}:
let
  inherit (lib) mkOption mkEnableOption mkIf types;
  cfg = config.services.ai-sysadmin-managed-host;
  sudoRules = import ./sudo-rules.nix { inherit lib; };
  anySudo = cfg.sudo.units || cfg.sudo.journal || cfg.sudo.nixStore || cfg.sudo.power || cfg.sudo.nixosSwitch;
  sudoOption =
    default: description:
    mkOption {
      type = types.bool;
      inherit default description;
    };
in
{
  options.services.ai-sysadmin-managed-host = {
    enable = mkEnableOption "access for an ai-sysadmin assistant that manages this host over SSH";

    user = mkOption {
      type = types.str;
      default = "ai-sysadmin";
      description = "The user the assistant logs in as (its `ssh.user`, or the host's `remoteSystems[].user`).";
    };

    authorizedKeys = mkOption {
      type = types.listOf types.str;
      default = [ ];
      example = [ "ssh-ed25519 AAAAC3Nza... rhiannon-ai@rhiannon" ];
      description = ''
        The assistant's public key: on its machine `/var/lib/ai-sysadmin/.ssh/id_ed25519.pub`,
        made and printed to the journal when `<aiName>-ai.service` first starts.
      '';
    };

    sudo = {
      units = sudoOption true "Start, restart, reload, reset, stop, kill, disable and mask units, and daemon-reload (`systemctl`, no other flags).";
      journal = sudoOption true "Read the journal with `journalctl --no-pager` and read-only options (the health check asks with sudo on hosts with `sudo = true`).";
      nixStore = sudoOption true "Nix garbage collection (also of old generations), store optimise, verify and repair.";
      power = sudoOption false "Reboot and power off (`reboot`, `poweroff`, `shutdown`, `systemctl reboot`).";
      nixosSwitch = sudoOption false ''
        Let the assistant switch this host to a NixOS configuration it built
        (`nixos-rebuild --target-host H --sudo`): the user becomes a trusted Nix user (to copy
        the system closure here) and may run `nix-env --set` of the system profile and
        switch-to-configuration of a system in the store. That is as much as root: grant it where
        the assistant is trusted to apply approved NixOS changes.
      '';
    };
  };

  config = mkIf cfg.enable {
    assertions = [
      {
        assertion = cfg.authorizedKeys != [ ];
        message = "services.ai-sysadmin-managed-host.authorizedKeys is empty: add the assistant's public key (/var/lib/ai-sysadmin/.ssh/id_ed25519.pub on its machine).";
      }
      {
        assertion = config.services.openssh.enable;
        message = "services.ai-sysadmin-managed-host: the assistant reaches this host over SSH; enable services.openssh.";
      }
      {
        assertion = !(anySudo && !config.security.sudo.enable);
        message = "services.ai-sysadmin-managed-host.sudo needs security.sudo (sudo-rs cannot express the rules: they are regular expressions); enable it or turn the sudo options off.";
      }
    ];

    users.users.${cfg.user} = {
      isSystemUser = true;
      group = cfg.user;
      description = "ai-sysadmin assistant (SSH)";
      # Commands come as one line for the login shell: a system user's nologin would refuse them.
      useDefaultShell = true;
      home = "/var/lib/${cfg.user}";
      createHome = true;
      extraGroups = [ "systemd-journal" ];
      openssh.authorizedKeys.keys = cfg.authorizedKeys;
    };
    users.groups.${cfg.user} = { };

    security.sudo.extraConfig = mkIf anySudo (sudoRules {
      paths = import ./system-paths.nix { inherit config pkgs; };
      inherit (cfg) user;
      inherit (cfg.sudo) units journal nixStore power;
      nixosActivation = cfg.sudo.nixosSwitch;
    });

    nix.settings.trusted-users = mkIf cfg.sudo.nixosSwitch [ cfg.user ];
  };
}
