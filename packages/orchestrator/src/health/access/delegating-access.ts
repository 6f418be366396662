/** A host's access that hands everything to another one: the base of the wrappers that watch or answer some of its calls. */
import type { CommandResult, FileReader } from '@ai-sysadmin/executor/runner';
import type { HostAccess, ReaderOptions, RunOptions } from './host-access.js';

export class DelegatingAccess implements HostAccess {
  constructor(protected readonly inner: HostAccess) {}

  get host() {
    return this.inner.host;
  }
  get kind() {
    return this.inner.kind;
  }
  get address() {
    return this.inner.address;
  }

  run(argv: readonly string[], options: RunOptions): Promise<CommandResult> {
    return this.inner.run(argv, options);
  }
  openFiles(options: ReaderOptions): Promise<FileReader> {
    return this.inner.openFiles(options);
  }
}
