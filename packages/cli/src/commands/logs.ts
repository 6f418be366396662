import { notImplementedCommand } from '../not-implemented.js';

export function createCommand() {
  return notImplementedCommand('logs', "show the assistant's logs and audit trail");
}
