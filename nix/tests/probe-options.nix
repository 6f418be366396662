# The generated options on their own (lib.evalModules, no NixOS): their names, the config file
# their defaults make, and, for each probe (a config value), whether the options accept it.
# tests/nix/nixos-options.test.ts compares all three with the zod schema.
{ nixpkgs, probesFile }:
let
  lib = import (nixpkgs + "/lib");
  schemaOptions = import ../options.generated.nix {
    inherit lib;
    jsonValue = lib.types.anything;
  };
  evalWith =
    value:
    lib.evalModules {
      modules = [
        {
          options.s = schemaOptions;
          config.s = value;
        }
      ];
    };
  # A definition of the wrong type throws; tryEval catches exactly that.
  accepts = value: (builtins.tryEval (builtins.deepSeq (evalWith value).config.s true)).success;
  defaults = evalWith { };
in
{
  names = map (d: lib.removePrefix "s." d.name) (lib.optionAttrSetToDocList defaults.options.s);
  types = lib.listToAttrs (map (d: lib.nameValuePair (lib.removePrefix "s." d.name) d.type) (lib.optionAttrSetToDocList defaults.options.s));
  defaults = import ../config-file.nix { inherit lib; } schemaOptions defaults.config.s;
  results = map (p: accepts p) (builtins.fromJSON (builtins.readFile probesFile));
}
