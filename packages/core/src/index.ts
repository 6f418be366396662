export * from './config-schema.js';
export * from './config-loader.js';
export * from './errors/index.js';
export * from './logger.js';
export * from './health.js';
