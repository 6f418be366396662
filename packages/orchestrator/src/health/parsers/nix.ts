/** The small outputs behind the Nix store part: du, the system profile link, nix-gc's last run. */

/** `du -s -k /nix/store`: `123456\t/nix/store` -> bytes. */
export function parseDuKib(text: string): number | null {
  const match = /^(\d+)\s/.exec(text.trim() + ' ');
  return match ? Number(match[1]) * 1024 : null;
}

/** `readlink /nix/var/nix/profiles/system`: `system-123-link` -> 123. */
export function parseSystemGeneration(text: string): number | null {
  const match = /(?:^|\/)system-(\d+)-link\s*$/.exec(text.trim());
  return match ? Number(match[1]) : null;
}

/**
 * `systemctl show nix-gc.service --property=ExecMainExitTimestamp`: `ExecMainExitTimestamp=Sun
 * 2024-01-07 03:15:01 UTC`, empty when it never ran. Only UTC and numeric offsets are read: a
 * zone abbreviation (CET) is ambiguous, and no time is better than a wrong one.
 */
export function parseSystemdTimestamp(text: string): string | null {
  const value = text.trim().replace(/^[A-Za-z]+=/, '');
  if (value === '' || value === 'n/a') return null;
  const epoch = /^@(\d+)$/.exec(value);
  if (epoch) return new Date(Number(epoch[1]) * 1000).toISOString();
  const match = /^(?:[A-Z][a-z]{2} )?(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})(?: (UTC|[+-]\d{2}:?\d{2}))?$/.exec(value);
  if (!match || !match[3]) return null;
  const zone = match[3] === 'UTC' ? 'Z' : match[3].replace(/^([+-]\d{2})(\d{2})$/, '$1:$2');
  const date = new Date(`${match[1]}T${match[2]}${zone}`);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}
