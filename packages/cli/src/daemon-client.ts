/** The daemon's API client for a subcommand: the config (for the socket and the name) and nothing else of it. */
import { DaemonApiClient } from './api-client.js';
import { loadCliConfig } from './cli-config.js';

export async function daemonClient(options: { config?: string }): Promise<DaemonApiClient> {
  const { config } = await loadCliConfig(options);
  return DaemonApiClient.fromConfig(config);
}

/** `--json` output: one object, two-space indented, one trailing newline. */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** How long ago an ISO time was, as a person says it: 45s, 12m, 3h, 2d. */
export function age(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return '-';
  const sec = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (sec < 90) return `${sec}s`;
  if (sec < 90 * 60) return `${Math.round(sec / 60)}m`;
  if (sec < 36 * 3600) return `${Math.round(sec / 3600)}h`;
  return `${Math.round(sec / 86400)}d`;
}
