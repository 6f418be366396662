import { notImplementedCommand } from '../not-implemented.js';

export function createCommand() {
  return notImplementedCommand('systems', 'list managed systems and their state');
}
