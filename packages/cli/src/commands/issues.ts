import { notImplementedCommand } from '../not-implemented.js';

export function createCommand() {
  return notImplementedCommand('issues', 'list and manage tracked issues');
}
