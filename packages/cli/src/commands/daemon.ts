import { notImplementedCommand } from '../not-implemented.js';

export function createCommand() {
  return notImplementedCommand('daemon', 'run the background service (<aiName>-ai.service)');
}
