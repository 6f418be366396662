{
  description = "ai-sysadmin: an AI system administrator for NixOS and other Linux hosts";

  inputs.nixpkgs.url = "github:NixOS/nixpkgs/nixos-unstable";

  outputs =
    { self, nixpkgs }:
    let
      inherit (nixpkgs) lib;
      systems = [
        "x86_64-linux"
        "aarch64-linux"
      ];
      forAllSystems = f: lib.genAttrs systems (system: f nixpkgs.legacyPackages.${system});
    in
    {
      # pkgs.ai-sysadmin; services.ai-sysadmin.package defaults to it when the overlay is applied.
      overlays.default = final: _prev: { ai-sysadmin = final.callPackage ./nix/package.nix { }; };

      packages = forAllSystems (pkgs: rec {
        ai-sysadmin = pkgs.callPackage ./nix/package.nix { };
        default = ai-sysadmin;
      });

      # services.ai-sysadmin: the assistant on this machine (module.nix works imported on its own too).
      nixosModules.default = ./module.nix;
      nixosModules.ai-sysadmin = ./module.nix;
      # services.ai-sysadmin-managed-host: the user, key and sudo rules of a host it manages over SSH.
      nixosModules.managed-host = ./nix/managed-host.nix;
    };
}
