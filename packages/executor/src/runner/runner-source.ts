import type { CommandRunner } from './command-runner.js';

/**
 * Whatever gives the runner of a host: the RunnerPool (local spawn, one ssh2 connection per
 * host). The executor runs actions through it and the health check reads managed hosts through it.
 */
export interface RunnerSource {
  runner(host: string): CommandRunner;
}
