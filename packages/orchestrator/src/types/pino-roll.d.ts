/** pino-roll ships no types: the part of its API the daemon's logger uses. */
declare module 'pino-roll' {
  import type { DestinationStream } from 'pino';

  interface PinoRollOptions {
    file: string;
    size?: string | number;
    frequency?: string | number;
    extension?: string;
    limit?: { count?: number; removeOtherLogFiles?: boolean };
    mkdir?: boolean;
    symlink?: boolean;
    sync?: boolean;
    fsync?: boolean;
    minLength?: number;
  }

  interface RollStream extends DestinationStream {
    end(): void;
    flushSync(): void;
    on(event: string, listener: (...args: unknown[]) => void): this;
    once(event: string, listener: (...args: unknown[]) => void): this;
  }

  export default function pinoRoll(options: PinoRollOptions): Promise<RollStream>;
}
