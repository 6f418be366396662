/**
 * Before a model's first run, what it can do is read from Ollama (`/api/show`): a model without
 * `tools` would answer every question without looking, so it is refused with its name and what to
 * pull instead. The answer is kept per model; a failed look-up (Ollama away) is asked again next run.
 */
import { modelCapabilities } from '@ai-sysadmin/worker';
import { ModelWithoutToolsError } from '../errors/model-without-tools-error.js';

export function ollamaCapabilities(url: string, model: string): Promise<string[]> {
  return modelCapabilities(url, model);
}

export class CapabilityCheck {
  private readonly known = new Map<string, readonly string[]>();

  constructor(private readonly read: (model: string) => Promise<readonly string[]>) {}

  /** Resolves when the model can call tools; throws ModelWithoutToolsError, or the look-up's error. */
  async requireTools(model: string): Promise<void> {
    let capabilities = this.known.get(model);
    if (!capabilities) {
      capabilities = await this.read(model);
      this.known.set(model, capabilities);
    }
    if (!capabilities.includes('tools')) throw new ModelWithoutToolsError(model, capabilities);
  }
}
