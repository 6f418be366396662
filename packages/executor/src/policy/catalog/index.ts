/**
 * The allow-list: every program the executor may run and the shapes it may take. A program not
 * here is refused; `ssh`, `scp` and friends are refused too, because a managed host is reached by
 * naming it as the action's host, never by a command line.
 */
import type { ProgramSpec } from '../catalog-types.js';
import { FILES } from './files.js';
import { LOGS } from './logs.js';
import { MONITORING } from './monitoring.js';
import { NETWORK } from './network.js';
import { NIX } from './nix.js';
import { POWER } from './power.js';
import { SERVICES } from './services.js';

export const CATALOG: readonly ProgramSpec[] = [
  ...MONITORING,
  ...LOGS,
  ...SERVICES,
  ...NIX,
  ...NETWORK,
  ...FILES,
  ...POWER,
];

const BY_PROGRAM = new Map(CATALOG.map((p) => [p.program, p]));

export function findProgram(program: string): ProgramSpec | undefined {
  return BY_PROGRAM.get(program);
}

/** Programs that reach other machines: the managed-host path (the action's host) is the only way. */
export const REMOTE_PROGRAMS: ReadonlySet<string> = new Set(['ssh', 'scp', 'sftp', 'rsync', 'mosh', 'sshpass']);
