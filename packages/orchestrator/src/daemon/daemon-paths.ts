/**
 * Every file and directory the daemon keeps under stateDir. (Executor files — actions/,
 * audit.jsonl, tool_cache/ — and check-state.json are named by their own modules.)
 */
import { join } from 'node:path';

export interface DaemonPaths {
  /** One JSON file per tracked issue: issues/<n>.json */
  readonly issues: string;
  /** Messages waiting per notifier: outbox/<target>/<seq>.json, outbox/<target>/last-sent */
  readonly outbox: string;
  /** Cycle records, one JSON line each, the latest kept. */
  readonly cycles: string;
  /** The daemon's own rotated log files: logs/daemon.<n>.log */
  readonly logs: string;
  /** Vector-store writes not yet in ChromaDB: vector-buffer/<collection>/<key>.json */
  readonly vectorBuffer: string;
}

export function daemonPaths(stateDir: string): DaemonPaths {
  return {
    issues: join(stateDir, 'issues'),
    outbox: join(stateDir, 'outbox'),
    cycles: join(stateDir, 'cycles.jsonl'),
    logs: join(stateDir, 'logs'),
    vectorBuffer: join(stateDir, 'vector-buffer'),
  };
}
