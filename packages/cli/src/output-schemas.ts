/**
 * The shape of every `--json` output, one schema per output (DESIGN.md, "cli", lists them). The
 * CLI prints what the daemon answers; these schemas say what a script may rely on, and the tests
 * check each output against its schema. Objects are loose: a field added later breaks no script.
 * Not loaded by the commands themselves (zod stays off their start-up path).
 */
import { z } from 'zod';
import { DEPENDENCY_STATES, KNOWLEDGE_CATEGORIES, SEVERITIES, checkReportSchema, issueSchema } from '@ai-sysadmin/core';

const iso = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'must be an ISO time');
const isoOrNull = iso.nullable();

const action = z.looseObject({
  id: z.number().int().min(1),
  kind: z.enum(['command', 'nixos-change', 'nixos-undo']),
  status: z.string(),
  createdAt: iso,
  expiresAt: iso,
  hosts: z.array(z.string()).min(1),
  argv: z.array(z.string()).min(1),
  display: z.array(z.string()).min(1),
  reason: z.string(),
  requestedBy: z.looseObject({ kind: z.enum(['user', 'issue', 'schedule']), text: z.string() }),
  policy: z.looseObject({ verdict: z.string(), risk: z.string(), reason: z.string(), autonomy: z.string() }),
  discussion: z.array(z.looseObject({ role: z.enum(['user', 'assistant']), text: z.string() })),
});

const knowledgeEntry = z.looseObject({
  id: z.string(),
  topic: z.string(),
  content: z.string(),
  category: z.enum(KNOWLEDGE_CATEGORIES),
  source: z.string(),
  at: z.string(),
});

const configIndexState = z.looseObject({
  repo: z.string().nullable(),
  head: z.string().nullable(),
  files: z.number().int(),
  chunks: z.number().int(),
  indexing: z.boolean(),
});

const issueSummary = issueSchema.omit({ timeline: true, evidence: true, severityHistory: true }).loose();

export const OUTPUT_SCHEMAS = {
  status: z.looseObject({
    ai: z.string(),
    version: z.string(),
    pid: z.number().int(),
    startedAt: iso,
    config: z.looseObject({ source: z.string(), autonomyLevel: z.string(), checkIntervalSec: z.number() }),
    dependencies: z.array(
      z.looseObject({ name: z.string(), state: z.enum(DEPENDENCY_STATES), since: isoOrNull, detail: z.string() }),
    ),
    hosts: z.array(
      z.looseObject({ host: z.string(), status: z.enum(['up', 'down', 'unknown']), reason: z.string().nullable() }),
    ),
    cycle: z.looseObject({ running: z.boolean(), last: z.looseObject({ cycle: z.number() }).nullable() }),
    issues: z.looseObject({ open: z.looseObject(Object.fromEntries(SEVERITIES.map((s) => [s, z.number().int()]))) }),
    queue: z.looseObject({ depth: z.number().int(), workers: z.number().int() }).nullable(),
    outbox: z.array(z.looseObject({ target: z.string(), depth: z.number().int() })),
  }),
  'approve list': z.strictObject({ actions: z.array(action) }),
  'approve show': z.strictObject({ action }),
  'approve reject': z.strictObject({ action }),
  'approve approve': z.strictObject({
    approved: z.looseObject({ type: z.literal('approved'), id: z.number().int(), by: z.string() }).nullable(),
    runs: z.array(
      z.looseObject({ type: z.literal('run'), host: z.string(), display: z.string(), exitCode: z.number().nullable() }),
    ),
    verification: z.array(
      z.looseObject({
        type: z.literal('verification'),
        host: z.string(),
        held: z.boolean().nullable(),
        detail: z.string(),
      }),
    ),
    outcome: z
      .looseObject({ type: z.literal('outcome'), status: z.string(), ok: z.boolean(), reason: z.string(), action })
      .nullable(),
    error: z.looseObject({ code: z.string(), message: z.string() }).nullable(),
  }),
  'issues list': z.strictObject({ issues: z.array(issueSummary) }),
  'issues show': z.strictObject({ issue: issueSchema.loose() }),
  logs: z.looseObject({ source: z.string(), entries: z.array(z.record(z.string(), z.unknown())) }),
  'knowledge list': z.strictObject({ entries: z.array(knowledgeEntry) }),
  'knowledge search': z.strictObject({ hits: z.array(knowledgeEntry.extend({ distance: z.number().optional() })) }),
  'knowledge add': z.looseObject({ id: z.string(), buffered: z.boolean() }),
  'knowledge delete': z.looseObject({ id: z.string(), deleted: z.boolean() }),
  systems: z.strictObject({
    systems: z.array(
      z.looseObject({
        name: z.string(),
        kind: z.enum(['local', 'managed', 'candidate']),
        address: z.string().nullable(),
        status: z.enum(['up', 'down', 'unknown']),
        services: z.array(z.string()),
        lastSeen: isoOrNull,
      }),
    ),
  }),
  'configs search': z.strictObject({
    hits: z.array(
      z.looseObject({
        path: z.string(),
        startLine: z.number(),
        endLine: z.number(),
        text: z.string(),
        distance: z.number(),
      }),
    ),
    state: configIndexState,
  }),
  'configs state': z.strictObject({ state: configIndexState }),
  ask: z.strictObject({
    answer: z.string(),
    steps: z.number().int(),
    promptTokens: z.number().int(),
    durationMs: z.number(),
    tools: z.array(
      z.strictObject({
        tool: z.string(),
        host: z.string(),
        durationMs: z.number(),
        ok: z.boolean(),
        summary: z.string(),
      }),
    ),
    actions: z.array(
      z.strictObject({
        actionId: z.number().int(),
        host: z.string(),
        command: z.string(),
        risk: z.string(),
        reason: z.string(),
        approveWith: z.string(),
      }),
    ),
    ran: z.array(
      z.strictObject({ actionId: z.number().int(), host: z.string(), command: z.string(), status: z.string() }),
    ),
    error: z.looseObject({ code: z.string(), message: z.string() }).nullable(),
    session: z.string().nullable(),
    model: z.string().nullable(),
  }),
  /** Also for a line refused before any policy (`rejected: true`): verdict deny, risk forbidden. */
  'policy check': z.looseObject({
    verdict: z.enum(['run', 'approval', 'deny']),
    risk: z.enum(['read-only', 'low', 'medium', 'high', 'forbidden']),
    reason: z.string(),
  }),
  notify: z.strictObject({ queued: z.number().int(), targets: z.array(z.string()) }),
  'install-commands': z.strictObject({ written: z.array(z.string()) }),
  /** The CheckReport, the same through the daemon and standalone; `llm` is the Ollama probe (null with --no-llm-probe). */
  check: checkReportSchema.extend({ llm: z.looseObject({ summary: z.string() }).nullable() }),
} as const;

export type OutputName = keyof typeof OUTPUT_SCHEMAS;
