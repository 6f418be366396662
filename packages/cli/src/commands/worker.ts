import { notImplementedCommand } from '../not-implemented.js';

export function createCommand() {
  return notImplementedCommand('worker', "run the LLM queue worker (<aiName>-ollama-worker.service)");
}
