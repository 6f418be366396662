/**
 * Health collection: snapshots of this machine and managed hosts, the parsers behind them, and
 * the rules that turn them into findings. Published as `@ai-sysadmin/orchestrator/health` so that
 * `ai-sysadmin check` loads only this, never the daemon's queue, vector-store or HTTP clients.
 */
export { parseNvidiaSmiCsv, NVIDIA_QUERY_FIELDS, type NvidiaSmiCsvOptions } from './parsers/nvidia-smi-csv.js';
export { parseRocmSmiJson } from './parsers/rocm-smi-json.js';
export { parseAmdSysfs, drmCards, AMD_DEVICE_FILES, AMD_HWMON_FILES } from './parsers/amd-sysfs.js';
export { parseOsRelease, parseSwVers, nixosVersionOf, type OsRelease } from './parsers/os-release.js';
export { parseSystemctlUnits, failedUnits, type SystemctlUnits } from './parsers/systemctl-units.js';
export { parseJournal, type ParsedJournal } from './parsers/journal.js';
export * from './parsers/proc-files.js';
export { parseDf, parseDfOutput, DF_OUTPUT_FIELDS, type DfRow, type DfOutputRow } from './parsers/df.js';
export { parsePs, PS_ARGV } from './parsers/ps.js';
export { parseDuKib, parseSystemGeneration, parseSystemdTimestamp } from './parsers/nix.js';
export { numberOrNull } from './parsers/tool-values.js';
export { parseProcMounts, localMounts, type Mount } from './parsers/proc-mounts.js';
export { HostMemory, hostMemory, MISSING_PROGRAM_RECHECK_MS, type StoreFigures } from './host-memory.js';

export type { FileReader, HostAccess, ReaderOptions, RunOptions as HostRunOptions } from './access/host-access.js';
export { LocalHostAccess } from './access/local-host-access.js';
export { ExecFileReader, RemoteHostAccess, splitGrepOutput } from './access/remote-host-access.js';

export { DEFAULT_PART_BUDGETS_MS, SAMPLE_WINDOW_MS, type PartBudgets } from './part-budgets.js';
export { runPart, type CommandOptions as PartCommandOptions, type PartOutcome, type PartRun } from './run-part.js';
export { collectSnapshot, downSnapshot, type SnapshotOptions } from './collect-snapshot.js';
export { journalArgv, type JournalWindow } from './parts/journal-part.js';
export { SYSTEMCTL_FAILED_ARGV } from './parts/systemd-part.js';
export { NVIDIA_SMI_ARGV, ROCM_SMI_ARGV } from './parts/gpus-part.js';
export { DF_ARGV, DF_SPACE_ARGV, DF_INODES_ARGV } from './parts/filesystems-part.js';
export { DU_STORE_ARGV, NIX_GC_LAST_RUN_ARGV, collectNix } from './parts/nix-part.js';
export type { PartContext } from './parts/part-context.js';
export type { SnapshotFiles } from './parts/snapshot-files.js';
export { FIRST_READING, NIX_GC_UNIT_FILES, NIX_SYSTEM_PROFILE } from './parts/snapshot-files.js';
export { CheckStateStore, CHECK_STATE_FILE, MAX_JOURNAL_WINDOW_MS } from './check-state.js';
export { evaluateFindings, sortFindings, type FindingOptions } from './findings/evaluate-findings.js';
export { fingerprint } from './findings/fingerprint.js';
export { runCheck, selectHosts, type CheckOptions, type RunnerSource } from './run-check.js';
/** Moved to core's utilities; re-exported for callers of the health API. */
export { mapWithConcurrency } from '@ai-sysadmin/core';
export * from '../errors/index.js';
