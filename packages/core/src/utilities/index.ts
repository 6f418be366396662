/**
 * General utilities, each in its own file, for every package: none knows anything about the
 * product. Something that knows a product fact (a path under stateDir, a key name) lives with
 * that fact instead.
 */
export { sleep } from './sleep.js';
export { errorMessage } from './error-message.js';
export { Semaphore } from './semaphore.js';
export { mapWithConcurrency } from './map-with-concurrency.js';
export {
  createExclusiveSync,
  renameDurably,
  replaceFile,
  replaceFileSync,
  temporaryPathFor,
  writeFullySync,
  type AtomicWriteOptions,
} from './atomic-file.js';
export { CHARS_PER_TOKEN, charsForTokens, estimateTokens } from './estimate-tokens.js';
