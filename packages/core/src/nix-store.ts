/** Facts about the Nix store that more than one package checks against. */

/** Where every Nix store path lives. */
export const NIX_STORE_DIR = '/nix/store';

/** One store path: `/nix/store/<32-character hash>-<name>`, with the characters Nix allows in a name. */
export const NIX_STORE_PATH_PATTERN = /^\/nix\/store\/[0-9a-z]{32}-[A-Za-z0-9+._?=-]{1,180}$/;

export function isNixStorePath(path: string): boolean {
  return NIX_STORE_PATH_PATTERN.test(path);
}
