export * from './runner/command-result.js';
export * from './runner/command-runner.js';
export * from './runner/output-capture.js';
export * from './runner/local-runner.js';
