/** The daemon API's contract: request schemas and response types, importable without the daemon. */
export * from './issue.js';
export * from './cycle.js';
export * from './requests.js';
export * from './alertmanager.js';
export * from './responses.js';
export * from './api-paths.js';
export * from './agent.js';
export * from './api-enums.js';
