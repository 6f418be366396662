/**
 * The orchestrator (the daemon's parts). Health collection is also published on its own as
 * `@ai-sysadmin/orchestrator/health`: code on the `check` path imports that, so whatever heavy
 * clients the daemon adds here are never loaded by a standalone check.
 */
export * from './health/index.js';
export * from './errors/index.js';
