import { notImplementedCommand } from '../not-implemented.js';

export function createCommand() {
  return notImplementedCommand('status', 'show whether the daemon, worker, Redis, Ollama and ChromaDB are up');
}
