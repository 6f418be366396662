export * from './config-schema.js';
export * from './config-loader.js';
export * from './errors/index.js';
export * from './logger.js';
export * from './health.js';
export * from './queue/index.js';
export * from './tool-cache-id.js';
export * from './tool-cache.js';
export { PageSplitter } from './page-splitter.js';
