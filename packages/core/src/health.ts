/**
 * What a health check produces: one snapshot per host and the findings drawn from it. Shared by
 * the collectors (orchestrator), the daemon API and the CLI, so the shapes live here as zod
 * schemas; anything read back from outside (the API, a saved report) is validated with them.
 */
import { z } from 'zod';
import { OS_FAMILIES, SEVERITIES } from './config-schema.js';

const count = z.number().int().min(0);
const bytes = z.number().min(0);
const pct = z.number().min(0);
const nullableNumber = z.number().nullable();

// ---------------------------------------------------------------- parts

/** Why a part has no data: the host does not have it, the tool failed, or it ran out of time. */
export const PART_UNAVAILABLE_CAUSES = ['absent', 'failed', 'timeout'] as const;
export type PartUnavailableCause = (typeof PART_UNAVAILABLE_CAUSES)[number];

/**
 * One part of a snapshot: its data, or why there is none. A part that fails never takes the
 * rest of the snapshot with it.
 */
export function partSchema<T extends z.ZodType>(data: T) {
  return z.discriminatedUnion('status', [
    z.strictObject({
      status: z.literal('ok'),
      durationMs: count,
      data,
      /** Things a reader should know about the data (a partial view, a fallback used). */
      notes: z.array(z.string()).default([]),
    }),
    z.strictObject({
      status: z.literal('unavailable'),
      durationMs: count,
      cause: z.enum(PART_UNAVAILABLE_CAUSES),
      /** One line a person can act on: what is missing and why. */
      reason: z.string(),
    }),
  ]);
}
export type Part<T> =
  | { status: 'ok'; durationMs: number; data: T; notes: string[] }
  | { status: 'unavailable'; durationMs: number; cause: PartUnavailableCause; reason: string };

// ---------------------------------------------------------------- data of each part

export const osInfoSchema = z.strictObject({
  /** os-release ID (`nixos`, `ubuntu`), or `macos`. */
  id: z.string(),
  name: z.string(),
  /** VERSION_ID, or the macOS ProductVersion; null when the OS gives none (Arch). */
  version: z.string().nullable(),
  family: z.enum(OS_FAMILIES),
  kernel: z.string().nullable(),
  hostname: z.string().nullable(),
});
export type OsInfo = z.infer<typeof osInfoSchema>;

export const cpuInfoSchema = z.strictObject({
  cores: count,
  /** Busy share of all cores over the sampling window; null when it could not be sampled. */
  usagePct: pct.nullable(),
  perCorePct: z.array(pct),
  loadAverage: z.strictObject({ one: z.number(), five: z.number(), fifteen: z.number() }),
  /** The sampling window behind usagePct. */
  sampleMs: count,
});
export type CpuInfo = z.infer<typeof cpuInfoSchema>;

export const memoryInfoSchema = z.strictObject({
  totalBytes: bytes,
  availableBytes: bytes,
  /** 1 - available/total: what the kernel could not hand out without reclaiming or swapping. */
  usedPct: pct,
  swapTotalBytes: bytes,
  swapUsedBytes: bytes,
  /** null when the host has no swap. */
  swapUsedPct: pct.nullable(),
  /** Pages swapped in and out per second over the sampling window; null when unknown. */
  swapInPagesPerSec: nullableNumber,
  swapOutPagesPerSec: nullableNumber,
});
export type MemoryInfo = z.infer<typeof memoryInfoSchema>;

export const filesystemSchema = z.strictObject({
  mount: z.string(),
  device: z.string(),
  /** null when df could not say (no -T). */
  type: z.string().nullable(),
  sizeBytes: bytes,
  usedBytes: bytes,
  availableBytes: bytes,
  /** As df computes it: used / (used + available), so the root reserve counts as full. */
  usedPct: pct,
  inodesTotal: count.nullable(),
  inodesUsed: count.nullable(),
  inodesUsedPct: pct.nullable(),
});
export type Filesystem = z.infer<typeof filesystemSchema>;

export const networkInterfaceSchema = z.strictObject({
  name: z.string(),
  /** `up`, `down`, `unknown` (loopback and some virtual links), or null when not known. */
  state: z.string().nullable(),
  rxBytes: count,
  txBytes: count,
  rxErrors: count,
  txErrors: count,
  rxDropped: count,
  txDropped: count,
});
export type NetworkInterface = z.infer<typeof networkInterfaceSchema>;

export const processInfoSchema = z.strictObject({
  pid: z.number().int().positive(),
  /** The program name only: command lines can carry secrets, so they are never collected. */
  name: z.string(),
  user: z.string().nullable(),
  cpuPct: pct,
  memPct: pct,
  rssBytes: bytes,
});
export type ProcessInfo = z.infer<typeof processInfoSchema>;

export const processesSchema = z.strictObject({
  total: count,
  topCpu: z.array(processInfoSchema),
  topMemory: z.array(processInfoSchema),
});
export type Processes = z.infer<typeof processesSchema>;

export const systemdUnitSchema = z.strictObject({
  unit: z.string(),
  load: z.string(),
  active: z.string(),
  sub: z.string(),
  description: z.string(),
});
export type SystemdUnit = z.infer<typeof systemdUnitSchema>;

export const systemdInfoSchema = z.strictObject({
  failedUnits: z.array(systemdUnitSchema),
  /** Which systemctl output was read: JSON where systemd offers it for list-units, the table otherwise. */
  format: z.enum(['json', 'text']),
});
export type SystemdInfo = z.infer<typeof systemdInfoSchema>;

export const journalEntrySchema = z.strictObject({
  /** ISO 8601, or null when the entry carries no usable time. */
  time: z.string().nullable(),
  priority: z.number().int().min(0).max(7).nullable(),
  /** The unit, else the syslog identifier, else the command name. */
  source: z.string().nullable(),
  message: z.string(),
});
export type JournalEntry = z.infer<typeof journalEntrySchema>;

export const journalInfoSchema = z.strictObject({
  /** Start of the window (ISO 8601): the last check of this host, or checkInterval ago. */
  since: z.string(),
  /** Why the window starts where it does, in words. */
  window: z.string(),
  /** Entries of priority err or worse in the window (a lower bound when truncated). */
  errorCount: count,
  truncated: z.boolean(),
  /** The most frequent sources with their counts, most first. */
  topSources: z.array(z.strictObject({ source: z.string(), count: count })),
  /** The latest entries, newest last. */
  recent: z.array(journalEntrySchema),
});
export type JournalInfo = z.infer<typeof journalInfoSchema>;

/** The one normalized shape of a GPU, whatever the vendor tool; a value the driver does not report is null, never 0. */
export const gpuSchema = z.strictObject({
  vendor: z.enum(['nvidia', 'amd']),
  index: z.number().int().min(0),
  name: z.string(),
  temperatureC: nullableNumber,
  utilizationPct: nullableNumber,
  memoryUsedMiB: nullableNumber,
  memoryTotalMiB: nullableNumber,
  powerDrawW: nullableNumber,
  powerLimitW: nullableNumber,
  fanPct: nullableNumber,
  smClockMHz: nullableNumber,
  memClockMHz: nullableNumber,
});
export type Gpu = z.infer<typeof gpuSchema>;

export const gpuInfoSchema = z.strictObject({
  gpus: z.array(gpuSchema),
  /** The tools the figures came from; empty when no GPU or GPU tool was found (the part's notes say which were looked for). */
  sources: z.array(z.enum(['nvidia-smi', 'rocm-smi', 'sysfs'])),
});
export type GpuInfo = z.infer<typeof gpuInfoSchema>;

export const nixInfoSchema = z.strictObject({
  /** Bytes under /nix/store (du); null when du did not finish within its budget. */
  storeBytes: bytes.nullable(),
  /**
   * When storeBytes (and lastGc) were measured, ISO 8601: the store is measured at most every
   * health.nixStoreSizeIntervalMinutes, and checks in between report the last figures.
   */
  storeMeasuredAt: z.string().nullable().optional(),
  /** When the store was last garbage-collected (nix-gc.service), ISO 8601, or null when unknown. */
  lastGc: z.string().nullable(),
  /** `nixos-version` output on NixOS, else null. */
  nixosVersion: z.string().nullable(),
  /** The current system generation number on NixOS, else null. */
  generation: z.number().int().min(0).nullable(),
});
export type NixInfo = z.infer<typeof nixInfoSchema>;

// ---------------------------------------------------------------- snapshot

export const HOST_STATUSES = ['up', 'down'] as const;
export type HostStatus = (typeof HOST_STATUSES)[number];

export const hostSnapshotSchema = z.strictObject({
  /** `local` or the managed system's name. */
  host: z.string(),
  /** Where it was reached: `localhost` or the configured address and port. */
  address: z.string(),
  status: z.enum(HOST_STATUSES),
  /** Why a host is down (refused, timed out, key changed...): set only when status is down. */
  down: z.strictObject({ code: z.string(), reason: z.string(), hint: z.string().nullable() }).nullable(),
  collectedAt: z.string(),
  durationMs: count,
  parts: z.strictObject({
    os: partSchema(osInfoSchema),
    cpu: partSchema(cpuInfoSchema),
    memory: partSchema(memoryInfoSchema),
    filesystems: partSchema(z.array(filesystemSchema)),
    network: partSchema(z.array(networkInterfaceSchema)),
    uptime: partSchema(z.strictObject({ seconds: z.number().min(0) })),
    processes: partSchema(processesSchema),
    systemd: partSchema(systemdInfoSchema),
    journal: partSchema(journalInfoSchema),
    gpus: partSchema(gpuInfoSchema),
    nix: partSchema(nixInfoSchema),
  }),
});
export type HostSnapshot = z.infer<typeof hostSnapshotSchema>;
export type SnapshotParts = HostSnapshot['parts'];
export type PartName = keyof SnapshotParts;
export const PART_NAMES = Object.keys(hostSnapshotSchema.shape.parts.shape) as PartName[];

// ---------------------------------------------------------------- findings

export const FINDING_RULES = [
  'host-down',
  'disk-usage',
  'inode-usage',
  'memory-pressure',
  'swap-usage',
  'swap-thrash',
  'sustained-load',
  'failed-unit',
  'journal-errors',
  'gpu-temperature',
  'nix-store-size',
  /** A part of a reachable host that could not be read (its tool failed, printed what cannot be read, or hung). */
  'part-failed',
] as const;
export type FindingRule = (typeof FINDING_RULES)[number];

export const findingSchema = z.strictObject({
  /**
   * Same problem, same fingerprint, on every check: derived from host, rule and subject only,
   * never from the figures or the severity, so a disk going from 91% to 96% stays one finding.
   */
  fingerprint: z.string().regex(/^[0-9a-f]{16}$/),
  host: z.string(),
  rule: z.enum(FINDING_RULES),
  /** What the finding is about within the host: a mount point, a unit, a GPU; '' for the host as a whole. */
  subject: z.string(),
  severity: z.enum(SEVERITIES),
  /** One line a person reads first. */
  summary: z.string(),
  /** The figures and threshold behind it. */
  evidence: z.record(z.string(), z.unknown()),
});
export type Finding = z.infer<typeof findingSchema>;

/** One check of one or more hosts: what the check command prints with --json and the daemon API returns. */
export const checkReportSchema = z.strictObject({
  checkedAt: z.string(),
  durationMs: count,
  hosts: z.array(hostSnapshotSchema),
  findings: z.array(findingSchema),
  /** What a reader should know about the check as a whole (the last-check times could not be kept). */
  notes: z.array(z.string()),
  /** Whether LLM diagnosis could run (Ollama reachable, model pulled); null when not probed. */
  llm: z
    .strictObject({
      ollamaHost: z.string(),
      model: z.string(),
      reachable: z.boolean(),
      modelPresent: z.boolean().nullable(),
      summary: z.string(),
    })
    .nullable()
    .optional(),
});
export type CheckReport = z.infer<typeof checkReportSchema>;
