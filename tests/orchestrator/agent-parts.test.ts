/**
 * The agent's parts on their own: the catalog as the model sees it, the shipped scenarios, the
 * host check, call parsing, pruning, the capability check, the prompt and the result budget.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type ChatMessage, DATA_FENCE_RULES, ToolCache, estimateTokens, unfenceData } from '@ai-sysadmin/core';
import {
  type AgentLlm,
  CapabilityCheck,
  DROPPED_RESULT,
  ModelWithoutToolsError,
  TOOL_CATALOG,
  fitToolOutput,
  hostProblem,
  loadScenarios,
  parseCall,
  pruneHistory,
  stableJson,
  systemPrompt,
  toolDefinitions,
  totalTokens,
} from '@ai-sysadmin/orchestrator';
import { REPO_ROOT, tempDir } from '../rig/index.js';
import { systemEntry } from '../helpers/system-entries.js';

const system = systemEntry;
const systems = { list: () => [system('local', 'local'), system('web1', 'managed'), system('printer7', 'candidate')] };

describe('the tool catalog', () => {
  it("offers the issue's tools, each with a description, an object schema and whether it only reads", () => {
    expect(TOOL_CATALOG.map((t) => t.name).sort()).toEqual(
      [
        'get_system_status',
        'list_failed_services',
        'check_service',
        'view_logs',
        'check_disk_usage',
        'get_hardware_info',
        'get_gpu_metrics',
        'run_command',
        'read_file',
        'restart_service',
        'propose_nixos_change',
        'list_managed_systems',
        'search_knowledge',
        'store_knowledge',
        'search_issues',
        'send_notification',
        'retrieve_cached_output',
      ].sort(),
    );
    for (const d of toolDefinitions()) {
      expect(d.description.length).toBeGreaterThan(20);
      expect(d.parameters.type).toBe('object');
      expect(JSON.stringify(d.parameters)).not.toMatch(/"(maxLength|pattern|\$schema)"/);
    }
    const readOnly = Object.fromEntries(TOOL_CATALOG.map((t) => [t.name, t.readOnly]));
    expect(readOnly).toMatchObject({
      view_logs: true,
      read_file: true,
      restart_service: false,
      run_command: false,
      propose_nixos_change: false,
    });
  });

  it('a host must be local or a managed system: an address or a name seen in logs is refused', () => {
    expect(hostProblem('local', systems)).toBeUndefined();
    expect(hostProblem('web1', systems)).toBeUndefined();
    expect(hostProblem('printer7', systems)).toMatch(/not a managed system; the host must be one of: local, web1/);
    expect(hostProblem('10.0.0.5', systems)).toMatch(/not a managed system/);
    const parsed = parseCall({ name: 'check_service', arguments: { host: '10.0.0.5', unit: 'nginx' } }, TOOL_CATALOG, {
      systems,
    });
    expect(parsed.kind).toBe('refused');
  });

  it('a call of an unknown tool or with bad arguments is malformed, naming what is wrong', () => {
    expect(parseCall({ name: 'format_disk', arguments: {} }, TOOL_CATALOG, { systems })).toMatchObject({
      kind: 'malformed',
      problem: expect.stringContaining('there is no tool named "format_disk"'),
    });
    expect(parseCall({ name: 'view_logs', arguments: { lines: 'many' } }, TOOL_CATALOG, { systems })).toMatchObject({
      kind: 'malformed',
      problem: expect.stringContaining('lines'),
    });
    expect(parseCall({ name: 'view_logs', arguments: {} }, TOOL_CATALOG, { systems })).toMatchObject({
      kind: 'ok',
      args: { host: 'local', lines: 100 },
    });
    expect(stableJson({ b: 1, a: [{ d: 2, c: 3 }] })).toBe(stableJson({ a: [{ c: 3, d: 2 }], b: 1 }));
  });
});

describe('the shipped scenarios', () => {
  it('load, name only catalog tools, and cover the situations the issue lists', () => {
    const scenarios = loadScenarios(join(REPO_ROOT, 'scenarios'));
    expect(scenarios.length).toBeGreaterThanOrEqual(12);
    const names = new Set(TOOL_CATALOG.map((t) => t.name));
    for (const s of scenarios) {
      for (const t of s.tools) expect(names.has(t.tool), `${s.name}: ${t.tool}`).toBe(true);
      for (const t of [...s.expect.calls, ...s.expect.noCalls]) expect(names.has(t), `${s.name}: ${t}`).toBe(true);
    }
    expect(scenarios.map((s) => s.name)).toEqual(
      expect.arrayContaining([
        'failed-nginx',
        'journal-disk-full',
        'oom-killer',
        'hot-gpu',
        'nix-store-corruption',
        'host-unreachable',
        'prompt-injection-log',
        'thanks-after-answer',
        'knowledge-lookup',
        'nixos-change-proposed',
      ]),
    );
  });
});

describe('history pruning', () => {
  it('drops the oldest tool results first, then earlier turns, never the system prompt or the request', () => {
    const big = 'x'.repeat(3000);
    const messages: ChatMessage[] = [
      { role: 'system', content: 'rules' },
      { role: 'user', content: `old question ${big}` },
      { role: 'assistant', content: `old answer ${big}` },
      { role: 'user', content: 'the request' },
      { role: 'assistant', content: '', toolCalls: [{ name: 'view_logs', arguments: {} }] },
      { role: 'tool', content: `first ${big}`, toolName: 'view_logs' },
      { role: 'tool', content: `second ${big}`, toolName: 'view_logs' },
    ];
    expect(pruneHistory(messages, totalTokens(messages) - 500, 3)).toEqual({ pruned: 1, requestIndex: 3 });
    expect(messages[5]!.content).toBe(DROPPED_RESULT);
    expect(messages[6]!.content).toContain('second');
    expect(pruneHistory(messages, 1400, 3).requestIndex).toBeLessThan(3);
    expect(messages[0]!.content).toBe('rules');
    expect(messages.some((m) => m.content === 'the request')).toBe(true);
    expect(messages.some((m) => m.content.startsWith('old question'))).toBe(false);
    expect(totalTokens(messages)).toBeLessThanOrEqual(1400);
  });
});

describe('the capability check', () => {
  it('asks once per model, and refuses a model without tools by name with what to pull', async () => {
    let asked = 0;
    const check = new CapabilityCheck(async (model) => {
      asked++;
      return model === 'gemma:2b' ? ['completion'] : ['completion', 'tools'];
    });
    await check.requireTools('qwen3:8b');
    await check.requireTools('qwen3:8b');
    expect(asked).toBe(1);
    const error = await check.requireTools('gemma:2b').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelWithoutToolsError);
    expect((error as ModelWithoutToolsError).message).toContain('gemma:2b cannot call tools');
    expect((error as ModelWithoutToolsError).hint).toContain('ollama pull qwen3:8b');
  });
});

describe('the system prompt', () => {
  it('says who it is, what its autonomy allows, the systems, the issues, what is unavailable, and the rules', () => {
    const prompt = systemPrompt({
      aiName: 'rhiannon',
      mode: 'diagnosis',
      autonomy: 'auto-safe',
      systems: systems.list(),
      openIssues: [
        {
          id: 7,
          host: 'web1',
          title: 'nginx.service failed on web1',
          subject: 'nginx.service',
          severity: 'warning',
          status: 'open',
        },
      ],
      knowledge: { available: false, reason: 'ChromaDB at http://127.0.0.1:8000 is not answering' },
      now: new Date('2025-01-14T10:00:00Z'),
    });
    expect(prompt).toContain('You are rhiannon');
    expect(prompt).toContain('low-risk changes (restarting a failed non-critical service) run at once');
    expect(prompt).toContain('web1: 192.0.2.1, os NixOS 25.05');
    expect(prompt).not.toContain('printer7');
    expect(prompt).toContain('#7 web1 warning: nginx.service failed on web1');
    expect(prompt).toContain(
      'The knowledge base is unavailable (ChromaDB at http://127.0.0.1:8000 is not answering); go on without it.',
    );
    expect(prompt).toContain('The issue history is not available in this run');
    expect(prompt).toContain('"thanks"');
    expect(prompt).toContain('Nix builds');
    expect(prompt).toContain('When you are not sure, say so');
    expect(prompt).toContain(DATA_FENCE_RULES);
  });
});

describe('the tool-result budget', () => {
  const cache = () =>
    new ToolCache({ dir: tempDir('agent-cache'), ttlMs: 3_600_000, maxTotalBytes: 1 << 30, pageBytes: 64 * 1024 });
  const noSummaries: AgentLlm = {
    chat: () => {
      throw new Error('not used');
    },
    summarize: () => Promise.reject(new Error('no worker')),
  } as unknown as AgentLlm;

  it('fences a small result as it is', async () => {
    const fitted = await fitToolOutput(
      {
        ok: true,
        summary: 's',
        facts: 'status: executed',
        data: [{ text: 'Active: failed', label: { source: 'systemctl status nginx', host: 'local' } }],
      },
      { tokens: 1000, toolCache: cache(), llm: noSummaries, priority: 'interactive', focus: 'q' },
    );
    expect(fitted.cached).toEqual([]);
    const block = fitted.content.split('\n\n')[1]!;
    expect(unfenceData(block)?.text).toBe('Active: failed');
  });

  it('caches a large result whole, and shows it reduced within the budget with its id, even without a worker', async () => {
    const lines = Array.from(
      { length: 20_000 },
      (_, i) =>
        `Jan 10 10:00:${String(i % 60).padStart(2, '0')} web kernel: event ${i % 300} kind-${i % 300} happened on device sd${String.fromCharCode(97 + (i % 26))}`,
    );
    const toolCache = cache();
    const fitted = await fitToolOutput(
      {
        ok: true,
        summary: 's',
        facts: 'status: executed',
        data: [{ text: lines.join('\n'), label: { source: 'journalctl -n 20000', host: 'local' } }],
      },
      { tokens: 1228, toolCache, llm: noSummaries, priority: 'interactive', focus: 'q' },
    );
    expect(fitted.cached).toHaveLength(1);
    expect(estimateTokens(fitted.content)).toBeLessThanOrEqual(1228);
    expect(fitted.content).toContain(`tool cache as ${fitted.cached[0]}`);
    expect(fitted.content).toContain('retrieve_cached_output');
    expect((await toolCache.info(fitted.cached[0]!)).lines).toBe(20_000);
  });
});
