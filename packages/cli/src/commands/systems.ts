import { notImplementedCommand } from '../not-implemented.js';

export function createCommand() {
  return notImplementedCommand('systems');
}
