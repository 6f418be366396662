/**
 * An eval scenario: a situation given as recorded tool outputs (per tool, matched by arguments),
 * the prompt (a person's question or an autonomous issue), and what a good run does: tools it
 * must call, an action it must propose, actions it must not, words its answer must contain.
 * Files are YAML or JSON under `scenarios/` at the repository root.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { AUTONOMY_LEVELS, AiSysadminError, KNOWLEDGE_CATEGORIES } from '@ai-sysadmin/core';

const recordedOutput = z.strictObject({
  tool: z.string().min(1),
  /** The call matches when every argument given here is equal in the call (a subset match); empty matches any. */
  args: z.record(z.string(), z.unknown()).default({}),
  /** What the tool answered, as it was recorded. */
  output: z.string(),
  ok: z.boolean().default(true),
});

const actionMatch = z.strictObject({
  /** The tool that proposed it (restart_service, run_command, propose_nixos_change). */
  tool: z.string().min(1).optional(),
  /** Words the proposed command (or NixOS change) must contain, e.g. "restart nginx". */
  contains: z.string().min(1).optional(),
});
export type ActionMatch = z.infer<typeof actionMatch>;

export const scenarioSchema = z.strictObject({
  name: z.string().regex(/^[a-z0-9-]{1,64}$/, 'must be a short lowercase name with dashes'),
  description: z.string().min(1),
  mode: z.enum(['ask', 'chat', 'diagnosis']).default('ask'),
  prompt: z.string().min(1),
  /** Earlier turns of the conversation (a chat). */
  history: z.array(z.strictObject({ role: z.enum(['user', 'assistant']), text: z.string() })).default([]),
  autonomy: z.enum(AUTONOMY_LEVELS).default('suggest'),
  /** The managed systems besides `local`. */
  systems: z
    .array(
      z.strictObject({
        name: z.string().min(1),
        os: z.string().nullable().default(null),
        role: z.string().nullable().default(null),
        status: z.enum(['up', 'down', 'unknown']).default('up'),
      }),
    )
    .default([]),
  /** Open issues: the prompt lists them, and a restart of a unit an issue names is low risk. */
  openIssues: z
    .array(z.strictObject({ id: z.number().int().min(1), host: z.string(), unit: z.string(), title: z.string() }))
    .default([]),
  knowledge: z
    .array(
      z.strictObject({
        topic: z.string(),
        content: z.string(),
        category: z.enum(KNOWLEDGE_CATEGORIES).default('lesson'),
      }),
    )
    .default([]),
  tools: z.array(recordedOutput).default([]),
  expect: z.strictObject({
    /** Tools that must be called at least once. */
    calls: z.array(z.string()).default([]),
    /** Tools that must not be called (e.g. nothing re-run after "thanks"). */
    noCalls: z.array(z.string()).default([]),
    /** At most this many tool calls in all. */
    maxCalls: z.number().int().min(0).optional(),
    propose: z.array(actionMatch).default([]),
    notPropose: z.array(actionMatch).default([]),
    /** Each entry must appear in the answer (case-insensitive); "a|b" means either. */
    answerContains: z.array(z.string().min(1)).default([]),
  }),
});
export type Scenario = z.infer<typeof scenarioSchema>;
export type ScenarioInput = z.input<typeof scenarioSchema>;

export class ScenarioError extends AiSysadminError {
  static readonly CODE = 'EVAL_SCENARIO_INVALID';
  constructor(file: string, problems: string[]) {
    super(
      ScenarioError.CODE,
      `The eval scenario ${file} is not valid:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
      {
        hint: 'Fix the file (see scenarios/README.md for the fields), or leave it out with --scenario.',
      },
    );
  }
}

export function parseScenario(text: string, file: string): Scenario {
  let raw: unknown;
  try {
    raw = extname(file) === '.json' ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw new ScenarioError(file, [error instanceof Error ? error.message : String(error)]);
  }
  const parsed = scenarioSchema.safeParse(raw);
  if (!parsed.success)
    throw new ScenarioError(
      file,
      parsed.error.issues.map((i) => `${i.path.join('.') || '(file)'}: ${i.message}`),
    );
  if (parsed.data.name !== basename(file, extname(file)))
    throw new ScenarioError(file, [`name: "${parsed.data.name}" must be the file's name without its extension`]);
  return parsed.data;
}

/** Every scenario in a directory (`*.yaml`, `*.yml`, `*.json`), by name. */
export function loadScenarios(dir: string): Scenario[] {
  return readdirSync(dir)
    .filter((f) => ['.yaml', '.yml', '.json'].includes(extname(f)))
    .sort()
    .map((f) => parseScenario(readFileSync(join(dir, f), 'utf8'), f));
}
