# The config file's contents from the values of the schema's options: every option that mirrors a
# schema field (nix/options.generated.nix), with the ones left null (optional, unset) left out, so
# the program applies its own default or derivation for them.
{ lib }:
schemaOptions: values:
let
  clean =
    value:
    if builtins.isAttrs value then
      lib.mapAttrs (_: clean) (lib.filterAttrs (_: v: v != null) value)
    else if builtins.isList value then
      map clean value
    else
      value;
in
clean (builtins.intersectAttrs schemaOptions values)
