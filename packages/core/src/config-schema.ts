/**
 * The one description of every option the product has. The loader, `ai-sysadmin config check`,
 * `config schema` (JSON Schema) and the NixOS module all follow from this file.
 */
import { hostname, userInfo } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { parseDestinationEntry } from './destination-entry.js';
import { LOCAL_HOST, NAME_PATTERN, hostAddressProblem } from './names.js';
import { stateLayout } from './state-layout.js';

export const AUTONOMY_LEVELS = ['observe', 'suggest', 'auto-safe', 'auto-full'] as const;
export type AutonomyLevel = (typeof AUTONOMY_LEVELS)[number];

export const OS_FAMILIES = [
  'nixos',
  'debian',
  'ubuntu',
  'arch',
  'fedora',
  'rhel',
  'alpine',
  'opensuse',
  'macos',
  'other',
] as const;
export type OsFamily = (typeof OS_FAMILIES)[number];

export const SEVERITIES = ['info', 'warning', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const RISKS = ['read-only', 'low', 'medium', 'high'] as const;
export type AllowedRisk = (typeof RISKS)[number];

export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;

const nameField = (what: string) =>
  z
    .string()
    .regex(NAME_PATTERN, `${what} must be lowercase letters, digits and dashes, starting with a letter or digit`);

/** The short host name, lowercased, made safe for command and unit names. */
export function defaultAiName(): string {
  const short =
    hostname()
      .split('.')[0]
      ?.toLowerCase()
      .replace(/[^a-z0-9-]/g, '-') ?? '';
  return NAME_PATTERN.test(short) ? short : 'ai';
}

/** root keeps state where a system service would; anyone else under their own home. */
export function defaultStateDir(): string {
  const info = userInfo();
  if (info.uid === 0) return '/var/lib/ai-sysadmin';
  const xdg = process.env.XDG_STATE_HOME;
  return join(xdg && xdg.startsWith('/') ? xdg : join(info.homedir, '.local', 'state'), 'ai-sysadmin');
}

/** Spelt without regex flags, which JSON Schema (and with it the NixOS module) cannot carry. */
const userName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_-]*[$]?$/, 'must be a valid user name');
const absolutePath = z.string().startsWith('/', 'must be an absolute path');
const port = z.number().int().min(1).max(65535);
const seconds = (min: number) => z.number().int().min(min, `must be at least ${min} seconds`);
const percent = z.number().min(0).max(100);

const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' });
const REDIS_URL_ERROR = 'must be a redis:// or rediss:// URL, or unix:///path/to/redis.sock';
/** TCP (`redis://`, `rediss://`), or a unix socket as `unix:///path/to/redis.sock[?db=N]` (how the NixOS module runs Redis). */
const redisUrl = z
  .url({ protocol: /^(rediss?|unix)$/, error: REDIS_URL_ERROR })
  .refine((url) => !url.startsWith('unix:') || /^unix:\/\/\/[^?#]+(\?db=\d+)?$/.test(url), REDIS_URL_ERROR);

function warnBelowCritical<T extends z.ZodRawShape>(shape: T, warn: keyof T & string, critical: keyof T & string) {
  return z
    .strictObject(shape)
    .refine((v) => (v as Record<string, number>)[warn]! < (v as Record<string, number>)[critical]!, {
      message: `${warn} must be below ${critical}`,
      path: [warn],
    });
}

const pctThreshold = (warnPct: number, criticalPct: number) =>
  warnBelowCritical(
    { warnPct: percent.default(warnPct), criticalPct: percent.default(criticalPct) },
    'warnPct',
    'criticalPct',
  ).default({ warnPct, criticalPct });

export const remoteSystemSchema = z.strictObject({
  name: nameField('name'),
  address: z
    .string()
    .superRefine((address, context) => {
      const problem = hostAddressProblem(address);
      if (problem) context.addIssue({ code: 'custom', message: problem });
    })
    // What the JSON Schema (and so the NixOS option) can say of it; hostAddressProblem says all, with reasons.
    .meta({ pattern: '^[^-\\s@/][^\\s@/]*$' }),
  port: port.default(22),
  /** Overrides ssh.user for this host. */
  user: userName.optional(),
  /** Run commands through `sudo -n` on this host (the user needs passwordless sudo for them). */
  sudo: z.boolean().default(false),
  /** The OS family when known; detected from /etc/os-release otherwise. */
  os: z.enum(OS_FAMILIES).optional(),
});

export const sshSchema = z.strictObject({
  user: userName.default('root'),
  /** Default: <stateDir>/.ssh/id_ed25519 */
  keyPath: absolutePath.optional(),
  /** Default: <stateDir>/.ssh/known_hosts */
  knownHostsPath: absolutePath.optional(),
  /** Refuse hosts whose key is not in known_hosts. Turning this off trusts any key on first use. */
  strictHostKeyChecking: z.boolean().default(true),
  connectTimeoutSec: seconds(1).default(10),
  commandTimeoutSec: seconds(1).default(60),
  keepaliveIntervalSec: seconds(1).default(15),
  /** How many hosts are talked to at the same time. */
  maxConcurrentHosts: z.number().int().min(1).max(256).default(64),
  /**
   * SSH sessions (commands, the sftp session) open at once on a host's one connection. Below
   * OpenSSH's default MaxSessions (10); a host that allows fewer is learned from its refusals.
   */
  maxChannelsPerHost: z.number().int().min(1).max(64).default(8),
});

export const thresholdsSchema = z.strictObject({
  disk: pctThreshold(85, 95),
  inodes: pctThreshold(85, 95),
  memory: pctThreshold(90, 97),
  swap: pctThreshold(50, 80),
  /** Pages swapped in+out per second that count as thrashing. */
  swapActivityPagesPerSec: z.number().min(0).default(1000),
  /** 15-minute load average divided by the number of cores. */
  loadPerCore: warnBelowCritical(
    { warn: z.number().positive().default(1.5), critical: z.number().positive().default(3) },
    'warn',
    'critical',
  ).default({ warn: 1.5, critical: 3 }),
  gpuTemperatureC: warnBelowCritical(
    { warn: z.number().default(80), critical: z.number().default(90) },
    'warn',
    'critical',
  ).default({ warn: 80, critical: 90 }),
  /** Journal entries of priority err or worse since the last check. */
  journalErrors: warnBelowCritical(
    { warn: z.number().int().min(1).default(20), critical: z.number().int().min(1).default(200) },
    'warn',
    'critical',
  ).default({ warn: 20, critical: 200 }),
  nixStoreGiB: warnBelowCritical(
    { warn: z.number().positive().default(150), critical: z.number().positive().default(300) },
    'warn',
    'critical',
  ).default({ warn: 150, critical: 300 }),
});

/** How health checks collect what they report. */
export const healthSchema = z.strictObject({
  /**
   * Minutes between measurements of the Nix store's size (du over /nix/store, the costliest read
   * of a check) and of nix-gc's last run; in between, checks report the last figures with their
   * age. 0 measures on every check.
   */
  nixStoreSizeIntervalMinutes: z.number().int().min(0).default(60),
});

/**
 * A command shape a site adds to the allow-list, for programs or subcommands the built-in catalog
 * does not have. It can never make a forbidden shape allowed: shells and other programs that run
 * code, destructive file operations, package and user changes, stopping critical services,
 * writing system files and reading secrets stay refused whatever is listed here.
 */
export const allowedCommandSchema = z.strictObject({
  program: z.string().regex(/^[A-Za-z0-9_.+-]+$/, 'must be a bare program name, not a path or a command line'),
  /** Arguments the command must start with, e.g. ["status"]; more may follow when allowMoreArgs. */
  args: z
    .array(
      z
        .string()
        .min(1, 'must not be empty')
        .max(4096)
        .regex(/^[^\0\n]*$/, 'must not hold a NUL byte or a newline'),
    )
    .default([]),
  allowMoreArgs: z.boolean().default(false),
  risk: z.enum(RISKS),
  description: z.string().optional(),
});

const cooldowns = z.strictObject({
  info: z
    .number()
    .min(0)
    .default(24 * 60),
  warning: z
    .number()
    .min(0)
    .default(4 * 60),
  critical: z.number().min(0).default(60),
});

/** A generic notifier: every message as a JSON POST (for ntfy, a Matrix bridge, a chat webhook). */
export const webhookSchema = z.strictObject({
  url: httpUrl,
  /** A file holding a bearer token sent as `Authorization: Bearer ...`; read at send time, never logged. */
  tokenFile: absolutePath.optional(),
});

export const notificationsSchema = z.strictObject({
  /** Issues below this severity are not pushed. */
  minSeverity: z.enum(SEVERITIES).default('warning'),
  /** Minutes before a reminder about an issue that stays open, per severity; 0 sends no reminders. */
  cooldownMinutes: cooldowns.default({ info: 24 * 60, warning: 4 * 60, critical: 60 }),
  webhook: webhookSchema.optional(),
});

/** The daemon's local API. */
export const apiSchema = z
  .strictObject({
    /** The unix socket the CLI talks to. Default: <stateDir>/api.sock */
    socket: absolutePath.optional(),
    /** A unix group given read-write access to the socket (mode 0660); default: the daemon's own group. */
    group: z
      .string()
      .regex(/^[a-z_][a-z0-9_-]*[$]?$/i, 'must be a unix group name')
      .optional(),
    /** An optional TCP listener ("127.0.0.1:9090", "[::1]:9090") for Alertmanager and Prometheus; every route but GET /v1/health needs the bearer token. */
    listen: z
      .string()
      .regex(/^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+):\d{1,5}$/, 'must be host:port, e.g. 127.0.0.1:9090 or [::1]:9090')
      .refine(
        (v) => Number(v.slice(v.lastIndexOf(':') + 1)) >= 1 && Number(v.slice(v.lastIndexOf(':') + 1)) <= 65535,
        'the port must be 1-65535',
      )
      .optional(),
    /** A file holding the bearer token the TCP listener requires; read on every request, so it can be rotated without a restart. */
    tokenFile: absolutePath.optional(),
    /** Request bodies larger than this are refused with 413. */
    bodyLimitBytes: z
      .number()
      .int()
      .min(1024)
      .max(64 * 1024 * 1024)
      .default(1024 * 1024),
  })
  .refine((a) => !a.listen || a.tokenFile, {
    message: 'is required when listen is set: the TCP listener never runs without a token',
    path: ['tokenFile'],
  });

/** The issue tracker. */
export const issuesSchema = z.strictObject({
  /** An issue is resolved after its finding has been absent from this many consecutive checks of a host that was up. */
  resolveAfterChecks: z.number().int().min(1).max(1000).default(2),
  /** A problem that comes back within this many hours of being resolved reopens the same issue. */
  reopenWithinHours: z.number().min(0).default(24),
});

/** Rule-based remediation, which works without the LLM. */
export const remediationSchema = z.strictObject({
  /** Propose `systemctl restart` for a failed unit that is not critical; the autonomy level decides whether it runs. */
  restartFailedUnits: z.boolean().default(true),
  /** Circuit breaker (as Monit's "if N restarts within M cycles then stop"): after this many restarts of one unit on one host... */
  maxRestarts: z.number().int().min(1).max(100).default(3),
  /** ...within this many cycles, stop trying until the issue resolves or a person resets it. */
  windowCycles: z.number().int().min(1).max(1000).default(5),
});

/** The daemon's own log files under <stateDir>/logs/, rotated by size. */
export const logsSchema = z.strictObject({
  maxFileMiB: z.number().int().min(1).max(1024).default(10),
  /** Rotated files kept besides the current one. */
  keepFiles: z.number().int().min(1).max(100).default(5),
});

export const gotifySchema = z.strictObject({
  url: httpUrl,
  /** A file holding the application token; the token itself never appears in config or logs. */
  tokenFile: absolutePath,
});

export const approvalsSchema = z.strictObject({
  /** Pending actions nobody decided on expire after this many hours. */
  expireAfterHours: z.number().positive().default(24),
});

export const executionSchema = z.strictObject({
  /** Default time limit of one action; NixOS builds and switches get their own, longer limit. */
  timeoutSec: seconds(1).default(120),
  /** Time limit of a Nix build, a NixOS switch and other slow actions. They are never retried on timeout. */
  nixBuildTimeoutSec: seconds(60).default(2 * 60 * 60),
  /** Output kept inline per stream; the rest is cached on disk under <stateDir>/tool_cache/. */
  maxOutputBytes: z
    .number()
    .int()
    .min(1024)
    .default(1024 * 1024),
  /** How long the check after an action waits for its effect (a restarted unit to become active) before it counts as not held. */
  verifyTimeoutSec: seconds(1).default(30),
  /**
   * Output one action may produce in all, both streams, inline and kept in the tool cache
   * (never more than toolCache.maxTotalMiB). Past it the command is stopped and its result says
   * it was cut.
   */
  maxOutputTotalMiB: z.number().int().min(1).default(64),
});

/** An absolute path a policy list names: no `..`, `*` only for (part of) one component. One pattern each, so the NixOS module can carry it. */
const noClimbing = (p: string) => !p.split('/').includes('..');
const policyPath = z
  .string()
  .regex(
    /^\/[A-Za-z0-9._+@:,=*\/-]*$/,
    'must be an absolute path of plain characters (letters, digits, ._+@:,=-, and * for part of one component)',
  )
  .refine(noClimbing, 'must not contain ".."');
const plainPath = z
  .string()
  .regex(/^\/[A-Za-z0-9._+@:,=\/-]*$/, 'must be an absolute path of plain characters (letters, digits, ._+@:,=-)')
  .refine(noClimbing, 'must not contain ".."');
/** Where anyone may plant files, and where users keep theirs: never a trusted build source. */
export const UNTRUSTED_BUILD_ROOTS = [
  '/tmp',
  '/var/tmp',
  '/dev/shm',
  '/run/user',
  '/home',
  '/var/home',
  '/Users',
] as const;
const unitPattern = z
  .string()
  .regex(
    /^[A-Za-z0-9:_.@\\*-]*[A-Za-z0-9][A-Za-z0-9:_.@\\*-]*$/,
    'must be a unit name or a glob with * (e.g. postgresql, home-assistant*, *vpn*)',
  );

/**
 * The executor's allow-lists that a site extends. What is built in is in DESIGN.md (executor,
 * policy); these add to it, they never take away from what is refused outright (secrets,
 * cloud metadata, the assistant's own Redis).
 */
export const policySchema = z.strictObject({
  /**
   * Places whose files cat, head, tail, grep, wc, ls, stat and find may read, besides the
   * built-in ones (/etc less its secrets, /var/log, /nix/store, /run/current-system, unit-file
   * directories, named /proc and /sys entries, configRepo). A path covers itself and all below
   * it; a star stands for (part of) one component: `/srv/app/app-STAR.log` (STAR being `*`).
   */
  readablePaths: z.array(policyPath).default([]),
  /**
   * Directories whose own entries may be listed (ls without -R, stat) without reading below
   * them, besides the built-in ones (/, /home, /var, /var/lib, /srv, /opt, /run, /boot, ...).
   */
  listableDirs: z.array(plainPath).default([]),
  /**
   * Flake directories Nix builds, dry-activations and switches may use, besides configRepo,
   * /etc/nixos and the executor's own change worktrees. Never under a user's home or a
   * world-writable directory; when it runs, the directory, its parents and every file in it
   * must belong to root or the daemon's user and be writable by nobody else.
   */
  trustedBuildSources: z
    .array(
      plainPath.refine(
        (p) => !UNTRUSTED_BUILD_ROOTS.some((r) => p === r || p.startsWith(`${r}/`)),
        `must not be in a user's home or a world-writable directory (${UNTRUSTED_BUILD_ROOTS.join(', ')})`,
      ),
    )
    .default([]),
  /**
   * Where curl, wget, ping, dig and nslookup may go without a person's approval, besides the
   * managed systems and the assistant's own services (ollamaHost, chromaUrl, gotify.url): a host,
   * host:port, *.domain, a CIDR range (10.0.0.0/24) or a URL prefix (https://cache.nixos.org/).
   * Loopback and link-local addresses count only when listed with their port; cloud metadata
   * addresses, the assistant's Redis and container-engine APIs are never reached.
   */
  allowedDestinations: z
    .array(
      z.string().superRefine((value, ctx) => {
        const entry = parseDestinationEntry(value);
        if ('problem' in entry) ctx.addIssue({ code: 'custom', message: entry.problem });
      }),
    )
    .default([]),
  /**
   * Units whose start or restart is high risk (a person approves it at every level), besides
   * the built-in kinds: upgrades, switches and deployments, shells, reboots, garbage collection.
   */
  highRiskUnits: z.array(unitPattern).default([]),
  /**
   * Tags `logger` may write under (it always needs -t). Never the assistant's own names, its
   * services' identifiers or a system daemon's tag, whatever is listed here.
   */
  loggerTags: z
    .array(
      z
        .string()
        .regex(/^[a-z][a-z0-9_.-]{0,31}$/, 'must be a lowercase word (letters, digits, _.-), starting with a letter'),
    )
    .default(['note']),
});

export const NIXOS_TOOLS = ['nixos-rebuild', 'nh'] as const;

/**
 * The LLM queue and its worker: how long jobs may run, how failures are retried, how a dead worker
 * is noticed, and how large inputs are cut down to the model's context.
 */
export const llmSchema = z
  .strictObject({
    /** Context window asked of Ollama (`num_ctx`) for every request; summaries are chunked to fit it. */
    contextTokens: z.number().int().min(1024).max(1_048_576).default(8192),
    /** Tokens of the context kept free for the model's answer (`num_predict` of summary calls). */
    answerTokens: z.number().int().min(64).default(1024),
    /** Longest a job may run once the worker has started it; past it the request is aborted and the job fails. */
    jobTimeoutSec: seconds(1).default(300),
    /** How long a producer keeps trying to put a job on the queue while Redis is unreachable. */
    enqueueTimeoutSec: seconds(1).default(30),
    /** Attempts of a job whose failure can pass (Ollama unreachable, 502/503/504); 1 means no retry. */
    retryAttempts: z.number().int().min(1).max(50).default(5),
    /** First retry delay; each next one doubles (exponential backoff). */
    retryBackoffMs: z.number().int().min(10).default(1000),
    /** A worker holds a lock on its job for this long and renews it at half time; a dead worker's lock lapses. */
    lockDurationSec: seconds(1).default(30),
    /** How often the worker looks for jobs whose lock lapsed (their worker died) and puts them back in the queue. */
    stalledIntervalSec: seconds(1).default(30),
    /** On SIGTERM the job in flight may finish for this long; then it is stopped and put back in the queue. */
    shutdownGraceSec: seconds(0).default(20),
    /** How long a job's token and progress stream is kept in Redis after its last event. */
    eventTtlSec: seconds(10).default(3600),
    /** Finished jobs (completed, failed) kept in Redis for inspection, per state. */
    keepFinishedJobs: z.number().int().min(0).default(1000),
    /** Upper bound of the deterministically reduced text a summary sends to the model, in tokens. */
    summaryTokenBudget: z.number().int().min(256).default(6000),
  })
  .refine((v) => v.answerTokens <= v.contextTokens / 2, {
    message: 'answerTokens must be at most half of contextTokens, or no room is left for the input',
    path: ['answerTokens'],
  });

/** Full outputs (command output beyond its cap, summarized logs) kept on disk under <stateDir>/tool_cache. */
export const toolCacheSchema = z.strictObject({
  /** Entries older than this are removed. */
  ttlHours: z.number().positive().default(72),
  /** When the cache grows past this, the oldest entries are removed first. */
  maxTotalMiB: z.number().int().min(1).default(1024),
  /** Size of one page when an entry is read back page by page; pages end at a line end where one fits. */
  pageBytes: z
    .number()
    .int()
    .min(1024)
    .max(16 * 1024 * 1024)
    .default(64 * 1024),
});

/** The agent: how far one run may go, how often cycles may ask the model, how long alerts wait for it. */
export const agentSchema = z.strictObject({
  /** Model turns of one run (each may call tools); past it the run ends and says so. */
  maxSteps: z.number().int().min(1).max(100).default(12),
  /** Autonomous diagnosis runs one cycle may start (related issues of one host share a run). */
  maxRunsPerCycle: z.number().int().min(0).max(100).default(3),
  /** How long the first notification of an issue waits for its diagnosis; past it the message goes without. */
  notifyWaitSec: seconds(0).default(60),
  /** Largest share of `llm.contextTokens` one tool result may take in the prompt; the rest is cached and paged. */
  toolResultShare: z.number().min(0.01).max(0.5).default(0.15),
  /** Longest a chat or ask answer may take, model and tools together; then it ends with a clear error. */
  answerTimeoutSec: seconds(5).default(600),
  /** Chat sessions kept in <stateDir>/chat-sessions; the oldest are removed first. */
  maxSessions: z.number().int().min(1).default(200),
});

const configShape = {
  aiName: nameField('aiName').optional(),
  autonomyLevel: z.enum(AUTONOMY_LEVELS).default('suggest'),
  /** Seconds between background checks. */
  checkInterval: seconds(10).default(300),
  ollamaHost: httpUrl.default('http://127.0.0.1:11434'),
  model: z.string().min(1).default('qwen3:8b'),
  embedModel: z.string().min(1).default('nomic-embed-text'),
  redisUrl: redisUrl.default('redis://127.0.0.1:6379'),
  chromaUrl: httpUrl.default('http://127.0.0.1:8000'),
  stateDir: absolutePath.optional(),
  logLevel: z.enum(LOG_LEVELS).default('info'),
  gotify: gotifySchema.optional(),
  remoteSystems: z
    .array(remoteSystemSchema)
    .default([])
    .superRefine((systems, ctx) => {
      const seen = new Set<string>();
      systems.forEach((s, i) => {
        if (s.name === LOCAL_HOST)
          ctx.addIssue({ code: 'custom', path: [i, 'name'], message: '"local" is reserved for this machine' });
        if (seen.has(s.name))
          ctx.addIssue({ code: 'custom', path: [i, 'name'], message: `duplicate name "${s.name}"` });
        seen.add(s.name);
      });
    }),
  ssh: sshSchema.default(() => sshSchema.parse({})),
  thresholds: thresholdsSchema.default(() => thresholdsSchema.parse({})),
  health: healthSchema.default(() => healthSchema.parse({})),
  extraAllowedCommands: z.array(allowedCommandSchema).default([]),
  /**
   * Units the executor must never stop, disable, mask or kill (and restarts only with approval), on
   * top of the built-in list (remote access of every kind: sshd, VPNs, tunnels, meshes; networking,
   * systemd-*, dbus, the assistant, Redis, Ollama, ChromaDB). A unit name (`postgresql`,
   * `postgresql.service`; suffix and template instance are ignored) or a glob (`postgresql*`, `*vpn*`).
   */
  criticalServices: z.array(unitPattern).default([]),
  /** The executor's allow-lists: readable places, trusted build sources, allowed destinations, high-risk units, logger tags. */
  policy: policySchema.default(() => policySchema.parse({})),
  notifications: notificationsSchema.default(() => notificationsSchema.parse({})),
  api: apiSchema.default(() => apiSchema.parse({})),
  issues: issuesSchema.default(() => issuesSchema.parse({})),
  remediation: remediationSchema.default(() => remediationSchema.parse({})),
  logs: logsSchema.default(() => logsSchema.parse({})),
  approvals: approvalsSchema.default(() => approvalsSchema.parse({})),
  execution: executionSchema.default(() => executionSchema.parse({})),
  llm: llmSchema.default(() => llmSchema.parse({})),
  toolCache: toolCacheSchema.default(() => toolCacheSchema.parse({})),
  agent: agentSchema.default(() => agentSchema.parse({})),
  /** A git working copy of the NixOS configuration (a flake) the agent may propose changes to. */
  configRepo: absolutePath.optional(),
  /** The branch proposed changes start from; each change gets its own branch `ai-sysadmin/change-<n>`. */
  configBranch: z
    .string()
    .regex(/^[A-Za-z0-9._/-]+$/, 'must be a plain git branch name')
    .refine((b) => !b.startsWith('-') && !b.includes('..'), 'must be a plain git branch name')
    .default('main'),
  /** What applies a NixOS change: `nixos-rebuild switch` or `nh os switch`. Validation builds with `nix build` either way. */
  nixosTool: z.enum(NIXOS_TOOLS).default('nixos-rebuild'),
};

/** Fills the defaults that depend on other fields. */
function resolveDerived<
  T extends { aiName?: string; stateDir?: string; ssh: z.output<typeof sshSchema>; api: z.output<typeof apiSchema> },
>(c: T) {
  const stateDir = c.stateDir ?? defaultStateDir();
  const layout = stateLayout(stateDir);
  return {
    ...c,
    aiName: c.aiName ?? defaultAiName(),
    stateDir,
    ssh: {
      ...c.ssh,
      keyPath: c.ssh.keyPath ?? layout.sshKey,
      knownHostsPath: c.ssh.knownHostsPath ?? layout.knownHosts,
    },
    api: { ...c.api, socket: c.api.socket ?? layout.apiSocket },
  };
}

export const configSchema = z.strictObject(configShape).transform(resolveDerived);

/** The shape a config file is written in (everything optional that has a default). */
export type ConfigInput = z.input<typeof configSchema>;
/** The resolved configuration every part of the product receives. */
export type Config = z.output<typeof configSchema>;
export type RemoteSystem = Config['remoteSystems'][number];
export type SshConfig = Config['ssh'];
export type Thresholds = Config['thresholds'];
export type AllowedCommand = Config['extraAllowedCommands'][number];
export type LlmConfig = Config['llm'];
export type ToolCacheConfig = Config['toolCache'];
export type AgentConfig = Config['agent'];
export type ApiConfig = Config['api'];
export type NotificationsConfig = Config['notifications'];
export type RemediationConfig = Config['remediation'];
export type PolicyConfig = Config['policy'];

/** The JSON Schema of the config file, for editors and for checking the NixOS module against. */
export function configJsonSchema(): unknown {
  return z.toJSONSchema(z.strictObject(configShape), { io: 'input', unrepresentable: 'any' });
}
