/**
 * The `chat` job: a conversation (and the tools the model may call) in, the assistant's next
 * message out. Field names are ours (camelCase); the worker translates to Ollama's wire format.
 */
import { z } from 'zod';

const modelName = z.string().min(1).max(200);
/** Per-job time limit; the config's llm.jobTimeoutSec when absent. */
export const jobTimeoutMs = z
  .number()
  .int()
  .min(100)
  .max(24 * 60 * 60 * 1000);

/** A tool call as the model made it: the tool's name and its arguments, always a JSON object. */
export const toolCallSchema = z.strictObject({
  name: z.string().min(1).max(128),
  arguments: z.record(z.string(), z.unknown()),
});
export type ToolCall = z.infer<typeof toolCallSchema>;

export const chatMessageSchema = z.strictObject({
  role: z.enum(['system', 'user', 'assistant', 'tool']),
  content: z.string(),
  /** Calls the assistant made in this message. */
  toolCalls: z.array(toolCallSchema).optional(),
  /** For role "tool": which tool's result this is. */
  toolName: z.string().min(1).optional(),
});
export type ChatMessage = z.infer<typeof chatMessageSchema>;

/** A tool offered to the model: a name, what it does, and a JSON Schema of its arguments. */
export const toolDefinitionSchema = z.strictObject({
  name: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'must be 1-64 letters, digits, "_", "." or "-"'),
  description: z.string().min(1),
  parameters: z.record(z.string(), z.unknown()),
});
export type ToolDefinition = z.infer<typeof toolDefinitionSchema>;

export const chatOptionsSchema = z.strictObject({
  temperature: z.number().min(0).max(2).optional(),
  topP: z.number().min(0).max(1).optional(),
  seed: z.number().int().optional(),
  /** Most tokens to generate. */
  maxTokens: z.number().int().min(1).optional(),
  stop: z.array(z.string().min(1)).max(8).optional(),
});

export const chatJobDataSchema = z.strictObject({
  messages: z.array(chatMessageSchema).min(1, 'a chat needs at least one message'),
  tools: z.array(toolDefinitionSchema).default([]),
  /** The config's `model` when absent. */
  model: modelName.optional(),
  options: chatOptionsSchema.optional(),
  /** Ask for JSON output: "json" or a JSON Schema the answer must follow. */
  format: z.union([z.literal('json'), z.record(z.string(), z.unknown())]).optional(),
  timeoutMs: jobTimeoutMs.optional(),
});
export type ChatJobInput = z.input<typeof chatJobDataSchema>;
export type ChatJobData = z.output<typeof chatJobDataSchema>;

export const chatJobResultSchema = z.strictObject({
  message: z.strictObject({
    role: z.literal('assistant'),
    content: z.string(),
    toolCalls: z.array(toolCallSchema),
  }),
  model: z.string(),
  /** Why generation stopped, as Ollama says: "stop", "length", ... */
  doneReason: z.string().optional(),
  promptTokens: z.number().int().min(0),
  completionTokens: z.number().int().min(0),
  durations: z.strictObject({
    totalMs: z.number().min(0),
    loadMs: z.number().min(0),
    promptMs: z.number().min(0),
    generationMs: z.number().min(0),
  }),
  /** True when a malformed tool call was repaired (only ever done when the repair was unambiguous). */
  toolCallsRepaired: z.boolean(),
});
export type ChatJobResult = z.infer<typeof chatJobResultSchema>;
