import { notImplementedCommand } from '../not-implemented.js';

export function createCommand() {
  return notImplementedCommand('notify', 'send or test a phone notification');
}
