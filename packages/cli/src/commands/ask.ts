import { notImplementedCommand } from '../not-implemented.js';

export function createCommand() {
  return notImplementedCommand('ask', 'ask one question and print the answer');
}
