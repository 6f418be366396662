import { notImplementedCommand } from '../not-implemented.js';

export function createCommand() {
  return notImplementedCommand('policy', "show what the executor would do with a command, without running it");
}
