/**
 * How the collectors reach a host: run a command, or open a reader for its files. This machine
 * answers through a local spawn and the file system; a managed host through its one persistent
 * SSH connection, where every file of a snapshot is read in one sftp session (or, on a host
 * without the sftp subsystem, with `grep`, `ls` and `readlink`). The collectors are written once
 * against this interface, so local and remote snapshots are the same.
 */
import type { CommandResult, FileReader } from '@ai-sysadmin/executor/runner';

export type { FileReader };

export interface RunOptions {
  timeoutMs: number;
  /** The command reads what only root may read (the system journal): sudo where the host is configured for it. */
  needsRoot?: boolean;
  maxOutputBytes?: number;
  signal?: AbortSignal;
}

export interface ReaderOptions {
  /** How long the reader may take to open (on a managed host: the connection, then the session). */
  timeoutMs: number;
  signal?: AbortSignal;
}

export interface HostAccess {
  /** `local` or the managed system's name. */
  readonly host: string;
  readonly kind: 'local' | 'ssh';
  /** `localhost`, or `address:port`. */
  readonly address: string;
  /** Resolves whenever the command ran (any exit status, or timed out); rejects when it could not be started. */
  run(argv: readonly string[], options: RunOptions): Promise<CommandResult>;
  /** A reader for the host's files; the caller closes it. */
  openFiles(options: ReaderOptions): Promise<FileReader>;
}
