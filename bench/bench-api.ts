/**
 * The contract between bench/run.ts and each `bench/*.bench.ts`. A bench measures, then reports
 * each figure with the target it is held to; the runner prints them and writes latest.json.
 */
export interface BenchFigure {
  /** What was measured, e.g. "check --json wall (median of 15)". */
  name: string;
  value: number;
  unit: string;
  /** The target as text, e.g. "< 400 ms"; omitted for figures reported for context. */
  target?: string;
  /** Whether the value meets the target; omitted when there is none. */
  met?: boolean;
  /** How it was measured, runs, spread: anything a reader needs to trust the figure. */
  note?: string;
}

export interface Bench {
  /** The area, e.g. "health check". */
  title: string;
  run(): Promise<BenchFigure[]>;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}
