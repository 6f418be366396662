export { ToolOutputError } from './tool-output-error.js';
export { PartUnavailableError } from './part-unavailable-error.js';
export { UnknownHostError } from './unknown-host-error.js';
