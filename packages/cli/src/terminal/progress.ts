/** A progress bar on stderr for long work (a check of many hosts), only where stderr is styled. */
import { isStyled } from './styled.js';

export interface Progress {
  tick(label: string): void;
  stop(): void;
}

const NONE: Progress = { tick: () => {}, stop: () => {} };

export async function startProgress(total: number, what: string): Promise<Progress> {
  if (!isStyled(process.stderr) || total < 1) return NONE;
  const { SingleBar, Presets } = await import('cli-progress');
  const bar = new SingleBar(
    {
      format: `${what} [{bar}] {value}/{total} {label}`,
      stream: process.stderr,
      hideCursor: true,
      clearOnComplete: true,
    },
    Presets.shades_classic,
  );
  bar.start(total, 0, { label: '' });
  return {
    tick: (label) => bar.increment(1, { label }),
    stop: () => bar.stop(),
  };
}
