/**
 * Stand-ins for the NixOS tools, sharing one state file as /run/current-system:
 * - `nix build ... TREE#nixosConfigurations.NAME...` "builds" the tree: its out path is a hash of
 *   the tree's .nix files, and a tree holding the word BROKEN fails with real nix-build stderr;
 * - `nixos-rebuild switch --flake TREE#NAME` and `nh os switch TREE` point the state at that
 *   hash (keeping the one before), `nixos-rebuild switch --rollback` points it back;
 * - `readlink /run/current-system` prints the state (locally, or on a rig host through a script).
 */
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { REPO_ROOT } from './build.js';

export const NIX_BUILD_FAILURE = join(REPO_ROOT, 'tests/fixtures/nix/nix-build_failure_plain-stderr.txt');
export const INITIAL_SYSTEM = '/nix/store/00000000000000000000000000000000-nixos-system-rhiannon-24.05-initial';

/** Where the "current system" lives, and the scripts' bodies. */
export function nixosStandIns(stateDir: string) {
  const current = join(stateDir, 'current-system');
  const previous = join(stateDir, 'previous-system');
  /** What NIX_SSHOPTS held when nixos-rebuild was called with --target-host. */
  const sshOpts = join(stateDir, 'nix-sshopts');
  writeFileSync(current, `${INITIAL_SYSTEM}\n`);
  const systemOf = `system_of() { h=$(find "$1" -name '*.nix' -not -path '*/.git/*' | LC_ALL=C sort | xargs cat | sha256sum | cut -c1-32); echo "/nix/store/$h-nixos-system-rhiannon-24.05"; }`;
  const treeOf = `tree=""; for a in "$@"; do case "$a" in *'#'*) tree="\${a%%#*}";; esac; done`;
  return {
    current,
    sshOpts,
    nix: {
      script: [
        systemOf,
        treeOf,
        `if grep -rq BROKEN --include='*.nix' "$tree"; then cat '${NIX_BUILD_FAILURE}' >&2; exit 1; fi`,
        'system_of "$tree"',
      ].join('\n'),
    },
    'nixos-rebuild': {
      script: [
        systemOf,
        treeOf,
        // With --target-host the real nixos-rebuild reaches the host with ssh $NIX_SSHOPTS (split
        // on white space, as nix does): do the same, so a switch fails where the real one would.
        'dest=""; prev=""; for a in "$@"; do [ "$prev" = --target-host ] && dest="$a"; prev="$a"; done',
        `if [ -n "$dest" ]; then printf '%s' "\${NIX_SSHOPTS-}" > '${sshOpts}'; /usr/bin/ssh \${NIX_SSHOPTS-} "$dest" true || exit 1; fi`,
        'case " $* " in',
        `  *' --rollback '*) cp '${previous}' '${current}';;`,
        `  *' switch '*) cp '${current}' '${previous}'; system_of "$tree" > '${current}';;`,
        'esac',
        'echo "activating the configuration..."',
      ].join('\n'),
    },
    nh: {
      script: [
        systemOf,
        `cp '${current}' '${previous}'`,
        'system_of "$3" > ' + `'${current}'`,
        'echo "> Activating configuration"',
      ].join('\n'),
    },
    readlink: {
      script: `if [ "$1" = /run/current-system ]; then cat '${current}'; else exec /usr/bin/readlink "$@"; fi`,
    },
  };
}
