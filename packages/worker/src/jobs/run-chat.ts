/** The chat job: streams the answer token by token, then returns the message and its tool calls. */
import type { ChatJobData, ChatJobResult, ChatMessage, ToolCall, ToolDefinition } from '@ai-sysadmin/core';
import type { ChatResponse, Message, Tool } from 'ollama';
import { OllamaRequestError } from '../errors/ollama-request-error.js';
import { ollamaToolCallParseError, toolCallFromRaw, toolCallsFromOllama } from '../tool-calls/tool-call-from-text.js';
import type { JobContext } from './job-context.js';

export async function runChat(data: ChatJobData, ctx: JobContext): Promise<ChatJobResult> {
  const model = data.model ?? ctx.config.model;
  const options = data.options ?? {};
  let content = '';
  const rawCalls: Array<{ function: { name: string; arguments: unknown } }> = [];
  let final: ChatResponse | undefined;
  try {
    const stream = ctx.ollama.chatStream({
      model,
      messages: data.messages.map(toOllamaMessage),
      ...(data.tools.length ? { tools: data.tools.map(toOllamaTool) } : {}),
      ...(data.format ? { format: data.format } : {}),
      options: {
        num_ctx: await ctx.contextTokens(model),
        ...(options.temperature !== undefined ? { temperature: options.temperature } : {}),
        ...(options.topP !== undefined ? { top_p: options.topP } : {}),
        ...(options.seed !== undefined ? { seed: options.seed } : {}),
        ...(options.maxTokens !== undefined ? { num_predict: options.maxTokens } : {}),
        ...(options.stop ? { stop: options.stop } : {}),
      },
    });
    for await (const part of stream) {
      const text = part.message?.content;
      if (text) {
        content += text;
        ctx.token(text);
      }
      if (part.message?.tool_calls?.length) rawCalls.push(...part.message.tool_calls);
      if (part.done) final = part;
    }
  } catch (error) {
    const unparsed = error instanceof OllamaRequestError ? ollamaToolCallParseError(error.ollamaMessage) : undefined;
    if (!unparsed) throw error;
    // Ollama could not read the model's tool call; read it here if that needs no guessing.
    const { call } = toolCallFromRaw(unparsed.raw, data.tools, `Ollama could not parse it (${unparsed.error})`);
    return result(model, content, [call], true, undefined);
  }

  let { calls, repaired } = toolCallsFromOllama(rawCalls, data.tools);
  // A call left in the text, as some models write it when Ollama's parser does not catch it.
  if (calls.length === 0 && data.tools.length > 0 && /^\s*(?:<tool_call>|```json\s*\{\s*"name")/.test(content)) {
    const { call } = toolCallFromRaw(content, data.tools, 'it was written as text');
    calls = [call];
    repaired = true;
    content = '';
  }
  return result(model, content, calls, repaired, final);
}

function result(
  model: string,
  content: string,
  toolCalls: ToolCall[],
  repaired: boolean,
  final: ChatResponse | undefined,
): ChatJobResult {
  const ms = (ns: number | undefined) => (ns ?? 0) / 1e6;
  return {
    message: { role: 'assistant', content, toolCalls },
    model: final?.model ?? model,
    ...(final?.done_reason ? { doneReason: final.done_reason } : {}),
    promptTokens: final?.prompt_eval_count ?? 0,
    completionTokens: final?.eval_count ?? 0,
    durations: {
      totalMs: ms(final?.total_duration),
      loadMs: ms(final?.load_duration),
      promptMs: ms(final?.prompt_eval_duration),
      generationMs: ms(final?.eval_duration),
    },
    toolCallsRepaired: repaired,
  };
}

function toOllamaMessage(message: ChatMessage): Message {
  return {
    role: message.role,
    content: message.content,
    ...(message.toolCalls?.length
      ? { tool_calls: message.toolCalls.map((c) => ({ function: { name: c.name, arguments: c.arguments } })) }
      : {}),
    ...(message.toolName ? { tool_name: message.toolName } : {}),
  };
}

function toOllamaTool(tool: ToolDefinition): Tool {
  return {
    type: 'function',
    function: {
      name: tool.name,
      description: tool.description,
      parameters: tool.parameters as Tool['function']['parameters'],
    },
  };
}
