#!/usr/bin/env bash
# The Nix side of CI (run by .ci/run). What it can check here, with Debian's nix-bin and no
# binary cache or network for Nix:
#   1. every .nix file of the repository parses (nix-instantiate --parse);
#   2. with a nixpkgs tree (NIXPKGS=/path, else <nixpkgs>): module.nix evaluates inside whole
#      NixOS systems for the examples in nix/tests/ (system.build.toplevel.drvPath, which takes
#      every module's assertions), and each nix/tests/bad/*.nix fails with the assertion message
#      its `# expect:` line names;
#   3. as root with sudo installed: nix/tests/sudo-rules.sh, the sudo rules against real sudo.
# What it cannot: build anything (the package, the system), start the services. Those need a
# machine with a Nix daemon, the binary cache and the npm registry (nix build .#default).
set -euo pipefail
cd "$(dirname "$0")/.."
export NIX_REMOTE=""
NIX_OPTS=(--option substituters "" --option allow-import-from-derivation false)

files=$(git ls-files --cached --others --exclude-standard -- '*.nix')
for f in $files; do nix-instantiate --parse "$f" >/dev/null; done
echo "nix: $(echo "$files" | wc -w) .nix files parse"

nixpkgs="${NIXPKGS:-$(nix-instantiate --find-file nixpkgs 2>/dev/null || true)}"
if [ -z "$nixpkgs" ] || [ ! -f "$nixpkgs/nixos/lib/eval-config.nix" ]; then
  echo "nix: no nixpkgs tree (set NIXPKGS=/path/to/nixpkgs): the NixOS evaluation is skipped"
  exit 0
fi

t0=$(date +%s)
examples="{ minimal = $PWD/nix/tests/minimal.nix; full = $PWD/nix/tests/full.nix; worker = $PWD/nix/tests/worker.nix; managed-host = $PWD/nix/tests/managed-host.nix; first-of-two = $PWD/nix/tests/first-of-two.nix; }"
nix-instantiate "${NIX_OPTS[@]}" --eval --strict --json --arg nixpkgs "$nixpkgs" --arg examples "$examples" nix/tests/eval.nix > "${TMPDIR:-/tmp}/ai-sysadmin-nix-eval.json"

bad="{"
needs_api=$(grep -q '^  api = ' nix/options.generated.nix && echo yes || echo no)
for f in nix/tests/bad/*.nix; do
  if grep -q '^# needs: api' "$f" && [ "$needs_api" = no ]; then continue; fi
  bad+=" \"$(basename "$f" .nix)\" = $PWD/$f;"
done
bad+=" }"
nix-instantiate "${NIX_OPTS[@]}" --eval --strict --json --arg nixpkgs "$nixpkgs" --arg examples "$bad" --arg assertionsOnly true nix/tests/eval.nix > "${TMPDIR:-/tmp}/ai-sysadmin-nix-bad.json"

node - "${TMPDIR:-/tmp}/ai-sysadmin-nix-eval.json" "${TMPDIR:-/tmp}/ai-sysadmin-nix-bad.json" "$(($(date +%s) - t0))" <<'JS'
const { readFileSync } = require('node:fs');
const [good, bad, seconds] = process.argv.slice(2);
let failed = false;
for (const [name, r] of Object.entries(JSON.parse(readFileSync(good, 'utf8')))) {
  const ok = r.failedAssertions.length === 0 && typeof r.toplevel === 'string' && r.toplevel.startsWith('/nix/store/');
  failed ||= !ok;
  console.log(`nix: ${ok ? 'ok  ' : 'FAIL'} ${name}: toplevel ${r.toplevel ?? '-'}; units ${r.units.join(' ') || '-'}${r.failedAssertions.length ? `; failed: ${r.failedAssertions.join(' | ')}` : ''}`);
}
for (const [name, r] of Object.entries(JSON.parse(readFileSync(bad, 'utf8')))) {
  const expected = readFileSync(`nix/tests/bad/${name}.nix`, 'utf8').match(/^# expect: (.*)$/m)[1];
  const ok = r.failedAssertions.some((m) => m.includes(expected));
  failed ||= !ok;
  console.log(`nix: ${ok ? 'ok  ' : 'FAIL'} bad/${name}: ${ok ? 'refused' : `expected "${expected}", got ${JSON.stringify(r.failedAssertions)}`}`);
}
console.log(`nix: NixOS evaluation took ${seconds} s`);
process.exit(failed ? 1 : 0);
JS

if [ "$(id -u)" = 0 ] && command -v sudo >/dev/null && command -v visudo >/dev/null; then
  nix/tests/sudo-rules.sh "$nixpkgs"
else
  echo "nix: sudo rules not checked against sudo (needs root and sudo installed)"
fi
