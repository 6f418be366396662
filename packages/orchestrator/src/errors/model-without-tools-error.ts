import { AiSysadminError } from '@ai-sysadmin/core';

/** The configured model cannot call tools (Ollama's /api/show lists no `tools` capability). */
export class ModelWithoutToolsError extends AiSysadminError {
  static readonly CODE = 'MODEL_WITHOUT_TOOLS';
  constructor(
    readonly model: string,
    capabilities: readonly string[],
  ) {
    super(
      ModelWithoutToolsError.CODE,
      `The model ${model} cannot call tools (Ollama lists its capabilities as: ${capabilities.join(', ') || 'none'}), and the agent needs tools.`,
      {
        hint: 'Pull a model with tool calling and set `model` to it, e.g. `ollama pull qwen3:8b` (or llama3.1:8b, mistral-nemo).',
      },
    );
  }
}
