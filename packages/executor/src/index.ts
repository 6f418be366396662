export * from './runner/command-result.js';
export * from './runner/command-runner.js';
export * from './runner/output-capture.js';
export * from './runner/local-runner.js';
export * from './runner/ssh-connection.js';
export * from './runner/ssh-runner.js';
export * from './runner/runner-pool.js';
export * from './errors/index.js';
