export { ToolOutputError } from './tool-output-error.js';
export { PartUnavailableError } from './part-unavailable-error.js';
export { UnknownHostError } from './unknown-host-error.js';
export { IssueNotFoundError } from './issue-not-found-error.js';
export { RemediationNotGivenUpError } from './remediation-not-given-up-error.js';
export { NotifierError } from './notifier-error.js';
export { EmbedderUnavailableError } from './embedder-unavailable-error.js';
export { ApiSocketError } from './api-socket-error.js';
