import { notImplementedCommand } from '../not-implemented.js';

export function createCommand() {
  return notImplementedCommand('check', "check the health of this machine and managed hosts now");
}
