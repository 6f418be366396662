/** A host's access that does not run again, for an hour, a program the host was found to lack (see host-memory.ts). */
import type { CommandResult } from '@ai-sysadmin/executor/runner';
import { type HostMemory, MISSING_PROGRAM_RECHECK_MS } from '../host-memory.js';
import { notInstalled } from '../parts/part-context.js';
import type { HostAccess, RunOptions } from './host-access.js';
import { DelegatingAccess } from './delegating-access.js';

/**
 * The host's access, where a program the memory holds as missing is not asked for: its command
 * answers at once as the host's shell would (127, "command not found"), saying since when, so
 * every part reads it as it reads a missing program. A program found missing is remembered.
 */
export class RememberingAccess extends DelegatingAccess {
  constructor(
    inner: HostAccess,
    private readonly memory: HostMemory,
  ) {
    super(inner);
  }

  override async run(argv: readonly string[], options: RunOptions): Promise<CommandResult> {
    const program = argv[0] ?? '';
    const since = this.memory.missingSince(program);
    if (since !== undefined) return rememberedMissing(this.inner.host, argv, since);
    const result = await this.inner.run(argv, options);
    // Only where the host named the program itself: a missing `sudo` or `timeout` is not it.
    if (notInstalled(result) && result.stderr.includes(program)) this.memory.noteMissing(program);
    return result;
  }
}

function rememberedMissing(host: string, argv: readonly string[], since: number): CommandResult {
  const stderr =
    `${argv[0]}: command not found (so it was at ${new Date(since).toISOString()}; ` +
    `asked again after ${new Date(since + MISSING_PROGRAM_RECHECK_MS).toISOString()})\n`;
  return {
    host,
    argv,
    exitCode: 127,
    signal: null,
    stdout: '',
    stderr,
    stdoutBytes: 0,
    stderrBytes: Buffer.byteLength(stderr),
    truncated: false,
    timedOut: false,
    durationMs: 0,
  };
}
