import { notImplementedCommand } from '../not-implemented.js';

export function createCommand() {
  return notImplementedCommand('chat', 'talk with the assistant in your terminal');
}
