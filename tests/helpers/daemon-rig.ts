/**
 * A daemon in the test process against the rig's real servers: a config over a temp state dir
 * (thresholds set so this shared machine's own load or disks never make findings), a rig sshd
 * host whose systemctl stand-in keeps failed units in a file (restart fixes them, or they fail
 * again), the Gotify receiver with a token file, and an API client on the daemon's socket.
 * Redis, ChromaDB and Ollama point at closed ports unless a test gives real ones: the daemon
 * must work without them.
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Config, type ConfigInput, parseConfig } from '@ai-sysadmin/core';
import { Daemon, type DaemonOptions } from '@ai-sysadmin/orchestrator';
import { SocketClient } from './socket-client.js';
import { type GotifyReceiver, type SshHost, freePort, startSshHost, tempDir } from '../rig/index.js';

let counter = 0;

/** Ports nothing listens on: Redis, ChromaDB and Ollama are absent unless a test starts them. */
export async function absentUrls(): Promise<{ redisUrl: string; chromaUrl: string; ollamaHost: string }> {
  const [a, b, c] = [await freePort(), await freePort(), await freePort()];
  return {
    redisUrl: `redis://127.0.0.1:${a}`,
    chromaUrl: `http://127.0.0.1:${b}`,
    ollamaHost: `http://127.0.0.1:${c}`,
  };
}

export const QUIET_THRESHOLDS = {
  disk: { warnPct: 99.8, criticalPct: 99.9 },
  inodes: { warnPct: 99.8, criticalPct: 99.9 },
  memory: { warnPct: 99.8, criticalPct: 99.9 },
  swap: { warnPct: 99.8, criticalPct: 99.9 },
  swapActivityPagesPerSec: 1e12,
  loadPerCore: { warn: 1000, critical: 2000 },
  journalErrors: { warn: 100_000, critical: 200_000 },
};

export function gotifyConfig(gotify: GotifyReceiver): NonNullable<ConfigInput['gotify']> {
  const tokenFile = join(tempDir('gotify-token'), 'token');
  writeFileSync(tokenFile, `${gotify.token}\n`, { mode: 0o600 });
  return { url: gotify.url, tokenFile };
}

export async function daemonConfig(over: Partial<ConfigInput> & { hosts?: SshHost[] } = {}): Promise<Config> {
  const { hosts = [], ...rest } = over;
  const first = hosts[0];
  return parseConfig({
    aiName: `d${process.pid}-${++counter}`,
    stateDir: tempDir('daemon-state'),
    logLevel: 'info',
    checkInterval: 3600,
    autonomyLevel: 'auto-safe',
    ...(await absentUrls()),
    remoteSystems: hosts.map((h) => h.remoteSystem()),
    ...(first ? { ssh: { ...first.sshConfig(), knownHostsPath: knownHosts(hosts), connectTimeoutSec: 2 } } : {}),
    thresholds: QUIET_THRESHOLDS,
    execution: { verifyTimeoutSec: 2 },
    ...rest,
  });
}

/** A daemon config whose model is the rig's: its Redis and Ollama-API server, retries kept short. */
export function agentDaemonConfig(
  rig: { redis: { url: string }; ollama: { url: string } },
  over: Parameters<typeof daemonConfig>[0] = {},
): Promise<Config> {
  return daemonConfig({
    redisUrl: rig.redis.url,
    ollamaHost: rig.ollama.url,
    llm: { retryAttempts: 1, retryBackoffMs: 100 },
    ...over,
  });
}

function knownHosts(hosts: SshHost[]): string {
  const path = join(tempDir('known-hosts'), 'known_hosts');
  writeFileSync(path, `${hosts.map((h) => h.knownHostsLine()).join('\n')}\n`);
  return path;
}

export async function startDaemon(
  config: Config,
  options: Partial<DaemonOptions> = {},
): Promise<{ daemon: Daemon; api: SocketClient }> {
  const daemon = await Daemon.start({
    loaded: { config, source: 'test', envOverrides: [] },
    stdoutLogs: false,
    noStartupCycle: true,
    outboxRetry: { initialMs: 50, maxMs: 300 },
    catchUpIntervalMs: 500,
    shutdownGraceMs: 10_000,
    ...options,
  });
  return { daemon, api: new SocketClient(config.api.socket) };
}

/**
 * A managed host whose systemctl keeps its failed units in a file. `restart U` fixes U when
 * `onRestart` is "fix", and leaves it failed when it is "fail" (a unit that fails again at once).
 */
export interface UnitHost {
  readonly host: SshHost;
  fail(...units: string[]): void;
  heal(): void;
  onRestart(mode: 'fix' | 'fail'): void;
  restarts(unit?: string): number;
}

export async function startUnitHost(name = `units${++counter}`): Promise<UnitHost> {
  const host = await startSshHost({ name });
  const state = join(host.dir, 'failed-units');
  const mode = join(host.dir, 'on-restart');
  writeFileSync(state, '');
  writeFileSync(mode, 'fix\n');
  host.setStandIn('systemctl', {
    script: [
      `state='${state}'`,
      'case "$1" in',
      '  list-units)',
      '    printf "["; sep=""',
      '    while IFS= read -r u; do [ -n "$u" ] || continue; printf \'%s{"unit":"%s","load":"loaded","active":"failed","sub":"failed","description":"Stand-in unit %s"}\' "$sep" "$u" "$u"; sep=","; done < "$state"',
      '    printf "]\\n" ;;',
      '  restart)',
      `    if [ "$(cat '${mode}')" = fix ]; then grep -vxF -- "$2" "$state" > "$state.tmp" || true; mv "$state.tmp" "$state"; fi ;;`,
      '  is-active)',
      '    if grep -qxF -- "$2" "$state"; then echo failed; exit 3; else echo active; fi ;;',
      '  show) echo "ExecMainExitTimestamp=" ;;',
      '  *) echo "unexpected: $*" >&2; exit 1 ;;',
      'esac',
    ].join('\n'),
  });
  host.setStandIn('journalctl', { stdout: '' });
  return {
    host,
    fail: (...units) => writeFileSync(state, units.map((u) => `${u}\n`).join('')),
    heal: () => writeFileSync(state, ''),
    onRestart: (m) => writeFileSync(mode, `${m}\n`),
    restarts: (unit) =>
      host.calls('systemctl').filter((c) => c[0] === 'restart' && (unit === undefined || c[1] === unit)).length,
  };
}

/**
 * The host goes away as a machine that powers off does: its sshd stops and the sessions it
 * serves die with it (a stopped listener alone leaves OpenSSH's per-connection children running,
 * so a persistent connection would still answer).
 */
export async function takeDown(host: SshHost): Promise<void> {
  const listener = host.pid;
  if (listener !== undefined) {
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const ppid = Number(readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1]!.split(' ')[1]);
        if (ppid === listener) process.kill(Number(entry), 'SIGKILL');
      } catch {
        // gone meanwhile
      }
    }
  }
  await host.stop();
}
