/**
 * Reads files on a managed host over one sftp session: no command, no shell, any number of files,
 * directory listings and symbolic links, all in the one session. Every read of a health check's
 * snapshot goes through one of these. Requests are sent at once and answered in turn by the
 * host's sftp-server, so twenty files cost one round trip, not twenty.
 */
import type { SFTPWrapper } from 'ssh2';
import { HostConnectionLostError } from '../errors/host-connection-lost-error.js';

/** sftp status codes for a file that is not there, or not ours to read. */
const NO_SUCH_FILE = 2;
const PERMISSION_DENIED = 3;
const READ_CHUNK = 64 * 1024;
/** The first read's size: most kernel files fit. */
const FIRST_READ_BYTES = 4 * 1024;
/** Kernel files are small; a file over this is cut (no snapshot reads one that large). */
const MAX_FILE_BYTES = 4 * 1024 * 1024;
/** How long close() waits for the host to confirm the session ended. */
const CLOSE_WAIT_MS = 1000;

/** The files a host lets us read; the same interface locally (node:fs) and in the exec fallback. */
export interface FileReader {
  /** The text of each file that exists and is readable; the others are left out of the map. */
  readFiles(paths: readonly string[]): Promise<Map<string, string>>;
  /** The names in a directory, or null when it does not exist or cannot be listed. */
  listDir(path: string): Promise<string[] | null>;
  /** Where a symbolic link points, or null when it is not one (or does not exist). */
  readLink(path: string): Promise<string | null>;
  /**
   * statvfs(3) of each mount point, without a command; null when this reader cannot ask (an sftp
   * server without the statvfs@openssh.com extension, or a reader with no such request), so the
   * caller runs df instead. A mount point the host cannot stat is left out of the map.
   */
  statFs?(paths: readonly string[]): Promise<Map<string, FsStats> | null>;
  close(): Promise<void>;
}

/** What statvfs(3) says of one filesystem, in its own units (`frsize` bytes per block). */
export interface FsStats {
  frsize: number;
  blocks: number;
  bfree: number;
  bavail: number;
  files: number;
  ffree: number;
}

/** The sftp extension behind statFs (OpenSSH's sftp-server has it since 5.1). */
const STATVFS_EXTENSION = 'statvfs@openssh.com';

export class SftpFileReader implements FileReader {
  private closed = false;
  private readonly ended: Promise<void>;

  constructor(
    private readonly sftp: SFTPWrapper,
    private readonly host: string,
  ) {
    this.ended = new Promise((resolve) => sftp.once('close', () => resolve()));
    this.ended.then(() => (this.closed = true));
  }

  async readFiles(paths: readonly string[]): Promise<Map<string, string>> {
    const texts = await Promise.all(paths.map((path) => this.readFile(path)));
    const files = new Map<string, string>();
    paths.forEach((path, i) => {
      const text = texts[i];
      if (text !== null && text !== undefined) files.set(path, text);
    });
    return files;
  }

  /** Two round trips, as readFile: the opendir, then two readdirs sent together (a small directory ends in the first). */
  async listDir(path: string): Promise<string[] | null> {
    return this.request<string[] | null>(path, (done) =>
      this.sftp.opendir(path, (openError, handle) => {
        if (openError) return done(openError, null);
        const names: string[] = [];
        let pending = 0;
        let ended = false;
        let failed: Error | undefined;
        const readOn = () => {
          pending++;
          this.sftp.readdir(handle, (error, list) => {
            pending--;
            if ((error as { code?: number } | undefined)?.code === 1) ended = true;
            else if (error) failed ??= error;
            else names.push(...list.map((entry) => entry.filename));
            if (pending > 0) return;
            if (!ended && !failed) return readOn();
            this.sftp.close(handle, () => {});
            done(failed, failed ? null : names);
          });
        };
        readOn();
        readOn();
      }),
    );
  }

  async readLink(path: string): Promise<string | null> {
    return this.request<string | null>(path, (done) =>
      this.sftp.readlink(path, (error, target) => done(error, error ? null : target)),
    );
  }

  async statFs(paths: readonly string[]): Promise<Map<string, FsStats> | null> {
    if (!this.closed && !this.hasExtension(STATVFS_EXTENSION)) return null;
    const stats = await Promise.all(
      paths.map((path) =>
        this.request<FsStats | null>(path, (done) =>
          this.sftp.ext_openssh_statvfs(path, (error: Error | undefined, info: SftpStatvfs) =>
            done(error, error ? null : fsStatsOf(info)),
          ),
        ),
      ),
    );
    const result = new Map<string, FsStats>();
    paths.forEach((path, i) => {
      const value = stats[i];
      if (value) result.set(path, value);
    });
    return result;
  }

  /** The extensions the host's sftp-server announced when the session opened (ssh2 keeps them). */
  private hasExtension(name: string): boolean {
    const extensions = (this.sftp as unknown as { _extensions?: Record<string, string> })._extensions;
    // ssh2 speaks version 2 of it and refuses to send the request otherwise.
    return extensions?.[name] === '2';
  }

  /** Ends the session; the host's sftp-server exits with it. */
  async close(): Promise<void> {
    if (!this.closed) {
      this.closed = true;
      this.sftp.end();
    }
    await Promise.race([this.ended, new Promise((resolve) => setTimeout(resolve, CLOSE_WAIT_MS).unref())]);
  }

  /**
   * Two round trips per file, whatever the host's latency: the open, then the first read and the
   * read after it sent together. Kernel files are a few hundred bytes, so the second finds the end
   * and the file is whole; a longer one is read on from there. The close is sent and not waited
   * for. One buffer per file, grown as it fills: a snapshot reads many small files, and a fresh
   * 64 KiB buffer per read would cost this side more than the reading itself.
   */
  private readFile(path: string): Promise<string | null> {
    return this.request<Buffer | null>(path, (done) =>
      this.sftp.open(path, 'r', (openError, handle) => {
        if (openError) return done(openError, null);
        const finish = (error: Error | undefined, content: Buffer | null) => {
          this.sftp.close(handle, () => {});
          done(error, content);
        };
        let buffer = Buffer.allocUnsafe(FIRST_READ_BYTES * 2);
        let size = 0;
        const readOn = () => {
          if (size === buffer.length) {
            const grown = Buffer.allocUnsafe(Math.min(buffer.length * 2, MAX_FILE_BYTES));
            buffer.copy(grown, 0, 0, size);
            buffer = grown;
          }
          this.readChunk(handle, buffer, size, Math.min(buffer.length - size, READ_CHUNK), (error, bytes) => {
            if (error) return finish(error, null);
            if (bytes === 0 || size + bytes >= MAX_FILE_BYTES)
              return finish(undefined, buffer.subarray(0, size + bytes));
            size += bytes;
            readOn();
          });
        };
        let first: ChunkRead | undefined;
        let second: ChunkRead | undefined;
        const bothIn = () => {
          if (!first || !second) return;
          if (first.error) return finish(first.error, null);
          size = first.bytes;
          if (second.error) return finish(second.error, null);
          // The file ends within the first read (a short first read of a file means its end).
          if (second.bytes === 0) return finish(undefined, buffer.subarray(0, size));
          // The second read follows on only where the first was full.
          if (size === FIRST_READ_BYTES) size += second.bytes;
          readOn();
        };
        this.readChunk(handle, buffer, 0, FIRST_READ_BYTES, (error, bytes) => {
          first = { error, bytes };
          bothIn();
        });
        this.readChunk(handle, buffer, FIRST_READ_BYTES, FIRST_READ_BYTES, (error, bytes) => {
          second = { error, bytes };
          bothIn();
        });
      }),
    ).then((buffer) => (buffer === null ? null : buffer.toString('utf8')));
  }

  /** One read at `offset` into `buffer` at the same offset; the end of the file is 0 bytes, not an error. */
  private readChunk(
    handle: Buffer,
    buffer: Buffer,
    offset: number,
    length: number,
    done: (error: Error | undefined, bytes: number) => void,
  ): void {
    this.sftp.read(handle, buffer, offset, length, offset, (error, bytes) => {
      // ssh2 reports the end of the file as an error with code 1 (EOF).
      if ((error as { code?: number } | undefined)?.code === 1) return done(undefined, 0);
      done(error ?? undefined, error ? 0 : bytes);
    });
  }

  /**
   * One request: a file that is missing or not ours answers null; the session ending under it
   * (the connection dropped, or close() was called) is a lost connection.
   */
  private request<T>(
    path: string,
    send: (done: (error: Error | undefined | null, value: T) => void) => void,
  ): Promise<T> {
    if (this.closed) return Promise.reject(this.lost(path));
    return new Promise<T>((resolve, reject) => {
      send((error, value) => {
        if (!error) return resolve(value);
        const code = (error as { code?: number }).code;
        if (code === NO_SUCH_FILE || code === PERMISSION_DENIED) return resolve(value);
        if (this.closed || error.message === 'No response from server') return reject(this.lost(path));
        // Anything else the server says about one file (a read error of a sysfs attribute) leaves it out.
        resolve(value);
      });
    });
  }

  private lost(path: string): HostConnectionLostError {
    return new HostConnectionLostError(this.host, `sftp read of ${path}`);
  }
}

interface ChunkRead {
  error: Error | undefined;
  bytes: number;
}

/** ssh2's answer to statvfs@openssh.com: the C struct's fields by their names. */
interface SftpStatvfs {
  f_frsize: number;
  f_blocks: number;
  f_bfree: number;
  f_bavail: number;
  f_files: number;
  f_ffree: number;
}

function fsStatsOf(info: SftpStatvfs): FsStats {
  return {
    frsize: Number(info.f_frsize),
    blocks: Number(info.f_blocks),
    bfree: Number(info.f_bfree),
    bavail: Number(info.f_bavail),
    files: Number(info.f_files),
    ffree: Number(info.f_ffree),
  };
}
