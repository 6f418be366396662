export { HostError } from './host-error.js';
export { HostUnreachableError } from './host-unreachable-error.js';
export { HostConnectTimeoutError } from './host-connect-timeout-error.js';
export { HostAuthenticationError } from './host-authentication-error.js';
export { HostKeyChangedError } from './host-key-changed-error.js';
export { HostKeyUnknownError } from './host-key-unknown-error.js';
export { HostConnectionLostError } from './host-connection-lost-error.js';
export { SshKeyUnreadableError } from './ssh-key-unreadable-error.js';
