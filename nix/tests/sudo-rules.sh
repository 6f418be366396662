#!/usr/bin/env bash
# nix/sudo-rules.nix against real sudo (1.9.10 or later): renders every rule group for a
# throw-away user with stand-in programs, has visudo check the syntax, and asks `sudo -l -U`
# whether each command below is allowed. Needs root, sudo and nix-instantiate; removes the user
# and its sudoers file again however it ends.  Usage: nix/tests/sudo-rules.sh NIXPKGS
set -euo pipefail
nixpkgs="${1:?usage: $0 /path/to/nixpkgs}"
repo="$(cd "$(dirname "$0")/../.." && pwd)"
user=ai-sysadmin-sudocheck
work="$(mktemp -d)"
drop=/etc/sudoers.d/ai-sysadmin-sudocheck
cleanup() {
  rm -f "$drop"
  if id "$user" >/dev/null 2>&1; then userdel "$user"; fi
  rm -rf "$work"
}
trap cleanup EXIT

B="$work/bin"
mkdir -p "$B"
for p in systemctl journalctl nix nix-store nix-collect-garbage nixos-rebuild nix-env env reboot poweroff shutdown; do
  printf '#!/bin/sh\necho ran %s "$@"\n' "$p" > "$B/$p"
  chmod 755 "$B/$p"
done
chmod 755 "$work"

cat > "$work/render.nix" <<NIX
let lib = import ($nixpkgs + "/lib"); b = "$B"; in
import $repo/nix/sudo-rules.nix { inherit lib; } {
  user = "$user";
  paths = {
    systemctl = "\${b}/systemctl"; journalctl = "\${b}/journalctl"; nix = "\${b}/nix"; nixStore = "\${b}/nix-store";
    nixCollectGarbage = "\${b}/nix-collect-garbage"; nixosRebuild = "\${b}/nixos-rebuild"; nixEnv = "\${b}/nix-env";
    env = "\${b}/env"; reboot = "\${b}/reboot"; poweroff = "\${b}/poweroff"; shutdown = "\${b}/shutdown";
    securePath = "\${b}:/usr/bin:/bin";
  };
  units = true; journal = true; nixStore = true; power = true;
  nixosChanges = "/var/lib/ai-sysadmin"; nixosActivation = true;
}
NIX
NIX_REMOTE="" nix-instantiate --eval --json "$work/render.nix" | node -e 'process.stdout.write(JSON.parse(require("fs").readFileSync(0, "utf8")))' > "$work/rules"
visudo -c -q -f "$work/rules"
id "$user" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$user"
install -m 0440 "$work/rules" "$drop"

wrong=0 total=0
check() { # allow|deny program args...
  local want=$1 got; shift
  if sudo -l -U "$user" "$@" >/dev/null 2>&1; then got=allow; else got=deny; fi
  total=$((total + 1))
  if [ "$got" != "$want" ]; then wrong=$((wrong + 1)); echo "sudo-rules: WRONG ($got, expected $want): ${*#"$B/"}"; fi
}
S="/nix/store/0123456789abcdfghijklmnpqrsvwxyz-nixos-system-web1-25.05"
check allow "$B/systemctl" restart nginx
check allow "$B/systemctl" restart nginx.service 'sshd@0-1.2.3.4:22.service'
check allow "$B/systemctl" --no-block start foo 'ss\x68d.service'
check allow "$B/systemctl" disable --now nginx
check allow "$B/systemctl" daemon-reload
check allow "$B/systemctl" reset-failed
check allow "$B/systemctl" reboot
check deny  "$B/systemctl" restart
check deny  "$B/systemctl" restart nginx --root=/tmp
check deny  "$B/systemctl" restart -H host nginx
check deny  "$B/systemctl" edit nginx
check deny  "$B/systemctl" restart /etc/x.mount
check deny  "$B/systemctl" restart 'ngi*'
check deny  "$B/systemctl" set-environment X=1
check allow "$B/journalctl" -p err --since @1700000000 -o json --no-pager
check allow "$B/journalctl" --no-pager -u nginx -n 100
check allow "$B/journalctl" --since=2024-01-01 10:00 --no-pager -b -1
check deny  "$B/journalctl" -u nginx
check deny  "$B/journalctl" -f --no-pager
check deny  "$B/journalctl" --no-pager --vacuum-size=1
check deny  "$B/journalctl" --no-pager -D /tmp
check deny  "$B/journalctl" --no-pager --file=/etc/shadow
check deny  "$B/journalctl" --no-pager -e
check allow "$B/nix-collect-garbage"
check allow "$B/nix-collect-garbage" -d
check allow "$B/nix-collect-garbage" --delete-older-than 14d
check deny  "$B/nix-collect-garbage" --option x y
check allow "$B/nix-store" --gc
check allow "$B/nix-store" --verify --check-contents --repair
check deny  "$B/nix-store" --delete /nix/store/x
check allow "$B/nix" store gc
check deny  "$B/nix" run 'nixpkgs#hello'
check allow "$B/shutdown" -r +5
check allow "$B/shutdown" -h now --no-wall
check allow "$B/shutdown" -c
check deny  "$B/shutdown" -r 5
check allow "$B/reboot"
check deny  "$B/reboot" --force
check allow "$B/nixos-rebuild" switch --flake '/var/lib/ai-sysadmin/nixos-changes/12/tree#rhiannon'
check allow "$B/nixos-rebuild" switch --rollback
check deny  "$B/nixos-rebuild" switch --flake '/etc/nixos#rhiannon'
check deny  "$B/nixos-rebuild" switch --flake '/var/lib/ai-sysadmin/nixos-changes/12/tree#x' --option build-hook /x
check deny  "$B/nixos-rebuild" switch --flake '/var/lib/ai-sysadmin/nixos-changes/../../../tmp/tree#x'
check deny  "$B/nixos-rebuild" switch --flake '/var/lib/ai-sysadmin/nixos-changes/1/tree#x --impure'
check allow "$B/nix-env" -p /nix/var/nix/profiles/system --set "$S"
check deny  "$B/nix-env" -p /nix/var/nix/profiles/system --set /tmp/x
check deny  "$B/nix-env" -i hello
check allow "$B/env" NIXOS_INSTALL_BOOTLOADER=0 systemd-run -E LOCALE_ARCHIVE -E NIXOS_INSTALL_BOOTLOADER --collect --no-ask-password --pipe --quiet --service-type=exec --unit=nixos-rebuild-switch-to-configuration "$S/bin/switch-to-configuration" switch
check deny  "$B/env" NIXOS_INSTALL_BOOTLOADER=0 sh -c id
check deny  /usr/bin/ssh root@host

# What the executor really runs: `sudo -n -- PROGRAM ...`, the program found through secure_path.
ran=$(su -s /bin/sh "$user" -c 'sudo -n -- systemctl restart nginx' 2>&1)
total=$((total + 1))
[ "$ran" = "ran systemctl restart nginx" ] || { wrong=$((wrong + 1)); echo "sudo-rules: WRONG: sudo -n -- systemctl restart nginx said: $ran"; }
if su -s /bin/sh "$user" -c 'sudo -n -- systemctl restart nginx --root=/x' >/dev/null 2>&1; then
  wrong=$((wrong + 1)); echo "sudo-rules: WRONG: sudo -n ran systemctl with --root"
fi
total=$((total + 1))

echo "sudo-rules: $((total - wrong)) of $total commands allowed or refused as they should be"
[ "$wrong" = 0 ]
