# Evaluates module.nix inside whole NixOS systems (nixpkgs' eval-config.nix), one per example
# configuration: the assertions that fail, the warnings, the config file the options make, the
# units, and (toplevel = true) system.build.toplevel.drvPath, which evaluates everything a build
# would, every assertion included. Nothing is built. Used by nix/check.sh.
{
  nixpkgs,
  examples, # { name = ./example.nix; ... }
  toplevel ? true,
  # Only the failed assertions of this project's modules, and no toplevel.
  assertionsOnly ? false,
  system ? "x86_64-linux",
}:
let
  lib = import (nixpkgs + "/lib");
  evalConfig = import (nixpkgs + "/nixos/lib/eval-config.nix");
  base = {
    boot.loader.grub.enable = false;
    fileSystems."/".device = "/dev/sda1";
    system.stateVersion = "25.05";
  };
  schemaOptions = import ../options.generated.nix {
    inherit lib;
    jsonValue = lib.types.anything;
  };
  evaluate =
    example:
    let
      c = (evalConfig {
        inherit system;
        modules = [
          ../../module.nix
          base
          example
        ];
      }).config;
      cfg = c.services.ai-sysadmin;
      failed = map (a: a.message) (lib.filter (a: !a.assertion) c.assertions);
      # (A message may only make sense once its assertion failed: test the assertion first.)
      ours = lib.filter (lib.hasPrefix "services.ai-sysadmin") failed;
    in
    if assertionsOnly then
      { failedAssertions = ours; }
    else
    {
      failedAssertions = failed;
      warnings = c.warnings;
      configFile = if cfg.enable then lib.recursiveUpdate (import ../config-file.nix { inherit lib; } schemaOptions cfg) cfg.settings else null;
      units = lib.filter (n: (cfg.aiName != null && lib.hasPrefix "${cfg.aiName}-" n) || n == "redis-ai-sysadmin" || n == "ollama" || n == "chromadb") (builtins.attrNames c.systemd.services);
      toplevel = if toplevel && failed == [ ] then builtins.unsafeDiscardStringContext c.system.build.toplevel.drvPath else null;
    };
in
lib.mapAttrs (_: evaluate) examples
