import { notImplementedCommand } from '../not-implemented.js';

export function createCommand() {
  return notImplementedCommand('knowledge', 'search and add to what the assistant has learnt');
}
