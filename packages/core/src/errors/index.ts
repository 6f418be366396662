export { AiSysadminError, problemList } from './ai-sysadmin-error.js';
export { ConfigError, type ConfigProblem } from './config-error.js';
export { ToolCacheMissError, ToolCachePageError } from './tool-cache-errors.js';
