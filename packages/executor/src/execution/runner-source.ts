import type { CommandRunner } from '../runner/command-runner.js';

/** Where the executor gets the runner of a host: the RunnerPool (local spawn, one ssh2 connection per host). */
export interface RunnerSource {
  runner(host: string): CommandRunner;
}
