export * from './queue-keys.js';
export * from './priorities.js';
export * from './chat-job.js';
export * from './summarize-job.js';
export * from './embed-job.js';
export * from './job-kinds.js';
export * from './job-events.js';
