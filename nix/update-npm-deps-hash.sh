#!/usr/bin/env bash
# Pins the node_modules that nix/package.nix fetches: run it after package-lock.json changes.
#
# It does what the package's fixed-output derivation does (nix/npm-tree.mjs build-lock, then
# `npm ci --ignore-scripts` against npm's default registry), hashes the resulting node_modules
# the way Nix does (NAR, sha256), and writes nix/npm-deps.json. The tree does not depend on the
# npm release (npm 10.9 and 11.19 give the same hash), so the npm on PATH serves. Needs node, npm,
# nix (`nix hash path`) and access to the registry. A Nix build that disagrees says
# "hash mismatch ... got: sha256-..."; that value belongs in nix/npm-deps.json.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

mkdir -p "$work/tree/nix"
cp "$repo/package.json" "$repo/package-lock.json" "$work/tree/"
cp "$repo/nix/npm-tree.mjs" "$work/tree/nix/"
for p in "$repo"/packages/*/; do
  name="$(basename "$p")"
  mkdir -p "$work/tree/packages/$name"
  cp "$p/package.json" "$work/tree/packages/$name/"
done

cd "$work/tree"
node nix/npm-tree.mjs build-lock .
lock_sha="$(sha256sum package-lock.json | cut -d' ' -f1)"
HOME="$work" npm ci --ignore-scripts --no-audit --no-fund --no-update-notifier --loglevel=warn --cache "$work/npm-cache"
node nix/npm-tree.mjs drop-hidden .
mkdir "$work/out"
cp -r node_modules "$work/out/"
hash="$(nix --extra-experimental-features nix-command hash path --type sha256 "$work/out")"

cat > "$repo/nix/npm-deps.json" <<JSON
{
  "comment": "Written by nix/update-npm-deps-hash.sh: the NAR hash of the node_modules nix/package.nix fetches, and the sha256 of the build's reduced lockfile it came from.",
  "hash": "$hash",
  "buildLockSha256": "$lock_sha"
}
JSON
echo "nix/npm-deps.json: hash $hash (build lockfile $lock_sha)"
