/**
 * The tools that answer from what the daemon already has: the health snapshot, the systems,
 * the knowledge base, the outbox and the tool cache. (Tools that run commands are tested through
 * the loop and the real executor in agent.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import { type HostSnapshot, ToolCache, estimateTokens, parseConfig } from '@ai-sysadmin/core';
import type { Executor } from '@ai-sysadmin/executor';
import { type ToolContext, type ToolOutput, localHardwareInventory, toolByName } from '@ai-sysadmin/orchestrator';
import type { MessageDraft } from '@ai-sysadmin/orchestrator';
import { ok, snapshot } from '../helpers/snapshots.js';
import { tempDir } from '../rig/index.js';

const GiB = 1024 ** 3;
const web1 = snapshot('web1', {
  os: ok({ id: 'nixos', name: 'NixOS', version: '25.05', family: 'nixos', kernel: '6.6.58', hostname: 'web1' }),
  memory: ok({
    totalBytes: 16 * GiB,
    availableBytes: 1 * GiB,
    usedPct: 93.75,
    swapTotalBytes: 0,
    swapUsedBytes: 0,
    swapUsedPct: null,
    swapInPagesPerSec: null,
    swapOutPagesPerSec: null,
  }),
  filesystems: ok([
    {
      mount: '/boot',
      device: '/dev/sda1',
      type: 'vfat',
      sizeBytes: GiB,
      usedBytes: 0.3 * GiB,
      availableBytes: 0.7 * GiB,
      usedPct: 30,
      inodesTotal: null,
      inodesUsed: null,
      inodesUsedPct: null,
    },
    {
      mount: '/',
      device: '/dev/sda2',
      type: 'ext4',
      sizeBytes: 50 * GiB,
      usedBytes: 48 * GiB,
      availableBytes: 2 * GiB,
      usedPct: 96,
      inodesTotal: 100,
      inodesUsed: 10,
      inodesUsedPct: 10,
    },
  ]),
  systemd: ok({
    failedUnits: [
      { unit: 'nginx.service', load: 'loaded', active: 'failed', sub: 'failed', description: 'Nginx Web Server' },
    ],
    format: 'json',
  }),
  gpus: ok({
    gpus: [
      {
        vendor: 'nvidia',
        index: 0,
        name: 'NVIDIA GeForce RTX 3090',
        temperatureC: 91,
        utilizationPct: 100,
        memoryUsedMiB: 22000,
        memoryTotalMiB: 24576,
        powerDrawW: 340,
        powerLimitW: 350,
        fanPct: 30,
        smClockMHz: null,
        memClockMHz: null,
      },
    ],
    sources: ['nvidia-smi'],
  }),
});
const web2: HostSnapshot = {
  ...snapshot('web2', {}),
  status: 'down',
  down: {
    code: 'HOST_UNREACHABLE',
    reason: 'connect ECONNREFUSED 192.0.2.2:22',
    hint: 'Check that sshd runs on web2.',
  },
};

function context(over: Partial<ToolContext> = {}): ToolContext & { drafts: MessageDraft[]; snapshots: string[] } {
  const config = parseConfig({ aiName: 'rhiannon', stateDir: tempDir('tools'), logLevel: 'silent' });
  const drafts: MessageDraft[] = [];
  const snapshots: string[] = [];
  return {
    config,
    executor: {} as Executor,
    systems: { list: () => [] },
    openIssues: () => [],
    toolCache: new ToolCache({
      dir: tempDir('tools-cache'),
      ttlMs: 3_600_000,
      maxTotalBytes: 1 << 30,
      pageBytes: 4096,
    }),
    origin: { kind: 'issue', text: 'nginx failed', issueId: '7' },
    resultTokens: 600,
    snapshot: async (host) => {
      snapshots.push(host);
      return host === 'web2' ? web2 : web1;
    },
    localHardware: localHardwareInventory,
    notify: (d) => drafts.push(d),
    drafts,
    snapshots,
    ...over,
  };
}

async function call(name: string, args: Record<string, unknown>, ctx = context()): Promise<ToolOutput> {
  const tool = toolByName(name)!;
  return tool.run(tool.schema.parse(args) as never, ctx);
}

describe('tools over the health snapshot', () => {
  it('get_system_status: the figures of every part, an unavailable part with its reason', async () => {
    const out = await call('get_system_status', { host: 'web1' });
    expect(out.ok).toBe(true);
    expect(out.facts).toContain('os: NixOS 25.05 kernel 6.6.58');
    expect(out.facts).toContain('memory: 94% used of 16.0 GiB, swap none');
    expect(out.facts).toContain('disks: / 96%, /boot 30%');
    expect(out.facts).toContain('failed units: nginx.service');
    expect(out.facts).toContain('cpu: unavailable (not part of this test)');
  });

  it('a host that is down answers with why, and nothing else', async () => {
    const out = await call('check_disk_usage', { host: 'web2' });
    expect(out).toMatchObject({ ok: false, summary: 'web2 is down: connect ECONNREFUSED 192.0.2.2:22' });
    expect(out.facts).toContain('hint: Check that sshd runs on web2.');
  });

  it('list_failed_services fences the units (descriptions are outside text); disks fullest first; GPUs with the warning', async () => {
    const failed = await call('list_failed_services', { host: 'web1' });
    expect(failed.data?.[0]?.text).toBe('nginx.service loaded failed failed Nginx Web Server');
    const disks = await call('check_disk_usage', { host: 'web1' });
    expect(disks.summary).toBe('2 filesystems on web1, full: /');
    expect(disks.facts.indexOf('/ (/dev/sda2')).toBeLessThan(disks.facts.indexOf('/boot'));
    const gpus = await call('get_gpu_metrics', { host: 'web1' });
    expect(gpus.facts).toContain('warning at 80°C');
    expect(gpus.facts).toContain('#0 nvidia NVIDIA GeForce RTX 3090: 91°C, 100% busy');
  });

  it("one snapshot per host per run is the loop's: the tools ask the context every time", async () => {
    const ctx = context();
    await call('get_system_status', { host: 'web1' }, ctx);
    await call('get_gpu_metrics', { host: 'web1' }, ctx);
    expect(ctx.snapshots).toEqual(['web1', 'web1']);
  });
});

describe('hardware', () => {
  it('this machine: the static inventory from systeminformation', async () => {
    const out = await call('get_hardware_info', { host: 'local' });
    expect(out.facts).toMatch(/^system: /m);
    expect(out.facts).toMatch(/^cpu: .+ cores/m);
    expect(out.facts).toMatch(/^memory: /m);
  }, 60_000);

  it('a managed host: the registry and its snapshot', async () => {
    const ctx = context({
      systems: {
        list: () => [
          {
            name: 'web1',
            kind: 'managed',
            address: '192.0.2.1',
            os: 'NixOS',
            role: null,
            services: [],
            hardware: 'Dell R720',
            lastSeen: null,
            status: 'up',
          },
        ],
      },
    });
    const out = await call('get_hardware_info', { host: 'web1' }, ctx);
    expect(out.facts).toContain('hardware of web1: Dell R720');
    expect(out.facts).toContain('memory: 16.0 GiB');
    expect(out.facts).toContain('gpus: nvidia NVIDIA GeForce RTX 3090 24576 MiB');
  });
});

describe('knowledge, notifications and the cache', () => {
  it('without a knowledge base the searches say so, and the model is told to go on', async () => {
    const out = await call('search_knowledge', { query: 'nginx port' });
    expect(out).toMatchObject({ ok: false });
    expect(out.facts).toContain('go on without it');
    const down = await call(
      'search_knowledge',
      { query: 'nginx port' },
      context({
        knowledge: {
          searchKnowledge: async () => ({ available: false, reason: 'ChromaDB is not answering' }),
          storeKnowledge: async () => ({ id: 'x', buffered: true }),
          searchIssues: async () => ({ available: false, reason: 'ChromaDB is not answering' }),
          searchConfigs: async () => ({ available: false, reason: 'ChromaDB is not answering' }),
        },
      }),
    );
    expect(down.facts).toContain('ChromaDB is not answering');
  });

  it('store_knowledge records the lesson with the issue it came from', async () => {
    const stored: unknown[] = [];
    const ctx = context({
      knowledge: {
        searchKnowledge: async () => ({ available: true, hits: [] }),
        storeKnowledge: async (entry) => {
          stored.push(entry);
          return { id: 'k1', buffered: true };
        },
        searchIssues: async () => ({ available: true, hits: [] }),
        searchConfigs: async () => ({ available: true, hits: [] }),
      },
    });
    const out = await call('store_knowledge', { topic: 'nginx port clash', content: 'caddy took port 80' }, ctx);
    expect(stored).toEqual([
      { topic: 'nginx port clash', content: 'caddy took port 80', category: 'lesson', source: 'agent', issueId: 7 },
    ]);
    expect(out.facts).toContain('ChromaDB is away');
  });

  it('send_notification puts a message in the outbox, named after the assistant', async () => {
    const ctx = context();
    await call(
      'send_notification',
      { title: 'disk full', message: '/ is at 96% on web1', urgency: 'critical', host: 'web1' },
      ctx,
    );
    expect(ctx.drafts).toEqual([
      {
        title: 'rhiannon: disk full',
        message: '/ is at 96% on web1',
        priority: 8,
        markdown: false,
        host: 'web1',
        kind: 'notify',
        issueIds: [7],
      },
    ]);
  });

  it('retrieve_cached_output reads from any line within the budget and says where the next part starts', async () => {
    const ctx = context();
    const lines = Array.from({ length: 3000 }, (_, i) => `line ${i + 1} ${'x'.repeat(40)}`);
    const entry = await ctx.toolCache.put(lines.join('\n'), { label: 'journalctl on web1' });
    const first = await call('retrieve_cached_output', { id: entry.id }, ctx);
    const next = Number(/next: line (\d+)/.exec(first.facts)?.[1]);
    expect(first.data?.[0]?.text.split('\n')[0]).toBe(lines[0]);
    expect(estimateTokens(first.data![0]!.text)).toBeLessThanOrEqual(ctx.resultTokens);
    const middle = await call('retrieve_cached_output', { id: entry.id, line: next }, ctx);
    expect(middle.data?.[0]?.text.split('\n')[0]).toBe(lines[next - 1]);
    const deep = await call('retrieve_cached_output', { id: entry.id, line: 2500 }, ctx);
    expect(deep.data?.[0]?.text.split('\n')[0]).toBe(lines[2499]);
    const end = await call('retrieve_cached_output', { id: entry.id, line: 2999 }, ctx);
    expect(end.facts).toContain('this is the end of the output');
    const past = await call('retrieve_cached_output', { id: entry.id, line: 5000 }, ctx);
    expect(past).toMatchObject({ ok: false });
  });
});
