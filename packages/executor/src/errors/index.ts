export { ActionNotFoundError } from './action-not-found-error.js';
export { ActionAlreadyDecidedError } from './action-already-decided-error.js';
export { ActionExpiredError } from './action-expired-error.js';
export { InvalidActionRequestError } from './invalid-action-request-error.js';
export { AuditWriteError } from './audit-write-error.js';
export { ActionStoreError } from './action-store-error.js';
export { NixosChangeError } from './nixos-change-error.js';
