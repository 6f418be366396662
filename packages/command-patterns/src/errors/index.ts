export { CommandLineRejectedError } from './command-line-rejected-error.js';
export { InvalidCommandError } from './invalid-command-error.js';
