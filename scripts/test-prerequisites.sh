#!/usr/bin/env bash
# Run by `npm test` first (the `pretest` script): the suite starts real redis-server and sshd
# processes and makes keys with ssh-keygen. What is missing is installed from Debian's packages
# when this runs as root with apt-get; otherwise it stops at once with the one command to run.
# NEED_NIX=1 (.ci/run) adds Debian's nix-bin, for nix/check.sh.
set -euo pipefail

need=()
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
[ -x /usr/sbin/sshd ] || need+=(openssh-server)
command -v ssh-keygen >/dev/null 2>&1 || need+=(openssh-client)
if [ "${NEED_NIX:-}" = 1 ]; then command -v nix-instantiate >/dev/null 2>&1 || need+=(nix-bin); fi
[ ${#need[@]} -eq 0 ] && exit 0

if [ "$EUID" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "npm test: installing ${need[*]} (the tests start real Redis and OpenSSH servers)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}"
  exit 0
fi

if command -v apt-get >/dev/null 2>&1; then
  echo "npm test: the tests need ${need[*]}; run: sudo apt-get install -y ${need[*]}" >&2
else
  echo "npm test: the tests need ${need[*]} (redis-server, sshd and ssh-keygen on PATH or in /usr/sbin); install them with your package manager" >&2
fi
exit 1
