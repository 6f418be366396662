/**
 * `@ai-sysadmin/executor/errors`: the executor's error classes alone (they import only core), for code
 * that compares or builds them without loading the runners, the policy or the audit.
 */
export { HostError } from './host-error.js';
export { HostUnreachableError } from './host-unreachable-error.js';
export { HostConnectTimeoutError } from './host-connect-timeout-error.js';
export { HostAuthenticationError } from './host-authentication-error.js';
export { HostKeyChangedError } from './host-key-changed-error.js';
export { HostKeyUnknownError } from './host-key-unknown-error.js';
export { HostConnectionLostError } from './host-connection-lost-error.js';
export { SshKeyUnreadableError } from './ssh-key-unreadable-error.js';
export { ActionNotFoundError } from './action-not-found-error.js';
export { ActionAlreadyDecidedError } from './action-already-decided-error.js';
export { ActionExpiredError } from './action-expired-error.js';
export { InvalidActionRequestError } from './invalid-action-request-error.js';
export { AuditWriteError } from './audit-write-error.js';
export { ActionStoreError } from './action-store-error.js';
export {
  NixosChangeError,
  NixosConfigRepoMissingError,
  NixosDiffInvalidError,
  NixosUndoImpossibleError,
} from './nixos-change-error.js';
export { GitCommandFailedError } from './git-command-failed-error.js';
