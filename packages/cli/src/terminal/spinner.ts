/** A spinner on stderr while waiting for the daemon, only where stderr is styled; a no-op elsewhere. */
import { isStyled } from './styled.js';

export interface Spinner {
  text(text: string): void;
  stop(): void;
}

const NONE: Spinner = { text: () => {}, stop: () => {} };

export async function startSpinner(text: string): Promise<Spinner> {
  if (!isStyled(process.stderr)) return NONE;
  const { default: yoctoSpinner } = await import('yocto-spinner');
  const spinner = yoctoSpinner({ text, stream: process.stderr }).start();
  return {
    text: (t) => {
      spinner.text = t;
    },
    stop: () => {
      spinner.stop();
    },
  };
}
