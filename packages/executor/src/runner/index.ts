/**
 * `@ai-sysadmin/executor/runner`: the runners and host errors alone, for code that only needs to
 * run commands (the health check), without loading the policy, approvals or audit.
 */
export * from './command-result.js';
export * from './command-runner.js';
export * from './runner-source.js';
export * from './output-capture.js';
export * from './local-runner.js';
export * from './ssh-connection.js';
export * from './ssh-runner.js';
export * from './runner-pool.js';
export * from '../errors/host-error.js';
export * from '../errors/host-unreachable-error.js';
export * from '../errors/host-connect-timeout-error.js';
export * from '../errors/host-authentication-error.js';
export * from '../errors/host-key-changed-error.js';
export * from '../errors/host-key-unknown-error.js';
export * from '../errors/host-connection-lost-error.js';
export * from '../errors/ssh-key-unreadable-error.js';
