/**
 * How the collectors reach a host: run a command, read some files, list a directory. This
 * machine answers through a local spawn and the file system; a managed host through its one
 * persistent SSH connection, where reading files is a single `grep` over all of them. The
 * collectors are written once against this interface, so local and remote snapshots are the same.
 */
import type { CommandResult } from '@ai-sysadmin/executor/runner';

export interface RunOptions {
  timeoutMs: number;
  /** The command reads what only root may read (the system journal): sudo where the host is configured for it. */
  needsRoot?: boolean;
  maxOutputBytes?: number;
  signal?: AbortSignal;
}

export interface HostAccess {
  /** `local` or the managed system's name. */
  readonly host: string;
  readonly kind: 'local' | 'ssh';
  /** `localhost`, or `address:port`. */
  readonly address: string;
  /** Resolves whenever the command ran (any exit status, or timed out); rejects when the host cannot be reached. */
  run(argv: readonly string[], options: RunOptions): Promise<CommandResult>;
  /** The contents of those files that exist and are readable; the others are left out of the map. */
  readFiles(paths: readonly string[], options: RunOptions): Promise<Map<string, string>>;
  /** The names in a directory, or null when it does not exist. */
  listDir(path: string, options: RunOptions): Promise<string[] | null>;
}
