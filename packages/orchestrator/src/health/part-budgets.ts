/**
 * How long each part of a snapshot may take before it is reported unavailable ("did not finish
 * within 5 s") and the rest of the snapshot goes on without it. Commands get the time left of
 * their part's budget as their own timeout, so a hung tool is ended, not left behind.
 */
import type { PartName } from '@ai-sysadmin/core';

export type PartBudgets = Record<PartName, number>;

export const DEFAULT_PART_BUDGETS_MS: PartBudgets = {
  os: 5_000,
  cpu: 5_000,
  memory: 5_000,
  filesystems: 5_000,
  network: 5_000,
  uptime: 5_000,
  processes: 5_000,
  systemd: 5_000,
  // The journal can be long after a bad night; GPU tools can be slow to wake a sleeping card.
  journal: 10_000,
  gpus: 10_000,
  // du over a large /nix/store is the slowest thing a check does.
  nix: 20_000,
};

/** How long the CPU and swap counters are sampled for (two readings this far apart). */
export const SAMPLE_WINDOW_MS = 100;
