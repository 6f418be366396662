import { notImplementedCommand } from '../not-implemented.js';

export function createCommand() {
  return notImplementedCommand('approve', 'list, discuss, approve or reject pending actions');
}
