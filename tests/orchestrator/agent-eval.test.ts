/**
 * `ai-sysadmin eval` on the rig: the shipped scenarios, the real LLM queue and worker, and the
 * scripted Ollama playing a good model (it looks, proposes what the scenario expects and answers
 * with the facts) and a bad one (it acts at once and answers nothing useful). The scores differ.
 */
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Scenario, loadScenarios, runEval } from '@ai-sysadmin/orchestrator';
import type { ChatReply, OllamaChatRequest } from '../rig/index.js';
import { REPO_ROOT, tempDir } from '../rig/index.js';
import { queueConfig, startQueue, startQueueRig, type QueueRig } from '../helpers/llm-queue-rig.js';

const run = promisify(execFile);
let rig: QueueRig;
beforeAll(async () => {
  rig = await startQueueRig();
});
afterAll(async () => {
  await rig.stop();
});

const NAMES = ['failed-nginx', 'thanks-after-answer', 'nixos-change-proposed'];
const scenarios = loadScenarios(join(REPO_ROOT, 'scenarios')).filter((s) => NAMES.includes(s.name));

function scenarioOf(request: OllamaChatRequest): Scenario {
  const prompt = request.messages.filter((m) => m.role === 'user').at(-1)!.content;
  return scenarios.find((s) => s.prompt === prompt)!;
}

/** Looks with the expected tools, proposes what is expected, then answers with the expected words. */
function goodModel(request: OllamaChatRequest): ChatReply {
  const scenario = scenarioOf(request);
  const looked = request.messages.some((m) => m.role === 'tool');
  if (!looked && (scenario.expect.calls.length || scenario.expect.propose.length)) {
    const calls = scenario.expect.calls.map((tool) => ({
      name: tool,
      arguments: scenario.tools.find((t) => t.tool === tool)?.args ?? {},
    }));
    for (const p of scenario.expect.propose)
      calls.push({
        name: p.tool!,
        arguments: {
          host: 'web1',
          diff: `--- a/configuration.nix\n+++ b/configuration.nix\n@@ -3 +3 @@\n-  networking.firewall.allowedTCPPorts = [ 22 80 443 ];\n+  networking.firewall.allowedTCPPorts = [ 22 80 443 ${p.contains} ];\n`,
          reason: `open port ${p.contains}`,
        },
      });
    return { toolCalls: calls };
  }
  return { content: `Done. ${scenario.expect.answerContains.map((w) => w.split('|')[0]).join(', ')}.` };
}

/** Acts before looking, and answers nothing useful. */
function badModel(request: OllamaChatRequest): ChatReply {
  const looked = request.messages.some((m) => m.role === 'tool');
  if (!looked)
    return {
      toolCalls: [{ name: 'run_command', arguments: { argv: ['rm', '-rf', '/var/log'], reason: 'make room' } }],
    };
  return { content: 'I could not find anything.' };
}

describe('ai-sysadmin eval', () => {
  it('scores a good scripted model above a bad one, per expectation', async () => {
    const config = queueConfig(rig.redis, rig.ollama);
    const queue = await startQueue(config);
    try {
      rig.ollama.onChat(goodModel);
      const good = await runEval({ config, llm: queue.client, scenarios });
      rig.ollama.onChat(badModel);
      const bad = await runEval({ config, llm: queue.client, scenarios });

      expect(good.scenarios.map((s) => [s.name, s.pass])).toEqual(scenarios.map((s) => [s.name, true]));
      expect(good.score).toBe(1);
      expect(bad.passed).toBe(0);
      expect(bad.score).toBeLessThan(0.5);
      const nginx = bad.scenarios.find((s) => s.name === 'failed-nginx')!;
      expect(nginx.expectations).toContainEqual({ expectation: 'calls check_service', pass: false });
      expect(nginx.proposals).toEqual(['run_command: rm -rf /var/log (refused)']);
      const thanks = bad.scenarios.find((s) => s.name === 'thanks-after-answer')!;
      expect(thanks.expectations).toContainEqual(
        expect.objectContaining({ expectation: 'at most 0 tool call(s)', pass: false }),
      );
      const nixos = good.scenarios.find((s) => s.name === 'nixos-change-proposed')!;
      expect(nixos.proposals[0]).toMatch(/^propose_nixos_change: nixos change on web1: open port 8080 \(pending\)$/);
      for (const s of good.scenarios) {
        expect(s.steps).toBeGreaterThan(0);
        expect(s.promptTokens).toBeGreaterThan(0);
      }
    } finally {
      await queue.close();
    }
  });

  it('the built binary prints the scored table, and --json the report', async () => {
    const config = queueConfig(rig.redis, rig.ollama);
    const queue = await startQueue(config);
    try {
      rig.ollama.onChat(goodModel);
      const configPath = join(tempDir('eval-cli'), 'config.json');
      writeFileSync(
        configPath,
        JSON.stringify({
          aiName: config.aiName,
          redisUrl: config.redisUrl,
          ollamaHost: config.ollamaHost,
          stateDir: config.stateDir,
          logLevel: 'silent',
        }),
      );
      const bin = join(REPO_ROOT, 'packages/cli/bin/ai-sysadmin.js');
      const evalCli = (...args: string[]) => run(process.execPath, [bin, 'eval', '--config', configPath, ...args]);
      const table = await evalCli('--scenario', 'failed-nginx', '--scenario', 'thanks-after-answer');
      expect(table.stdout).toMatch(/failed-nginx[\s\S]*pass calls check_service/);
      expect(table.stdout).toContain('2/2 scenarios passed');
      const json = await evalCli('--scenario', 'thanks-after-answer', '--json');
      const report = JSON.parse(json.stdout);
      expect(report.scenarios[0]).toMatchObject({ name: 'thanks-after-answer', pass: true, calls: [] });
      rig.ollama.onChat(badModel);
      const failed = await evalCli('--scenario', 'failed-nginx').catch((e: { code: number; stdout: string }) => e);
      expect((failed as { code?: number }).code).toBe(1);
      expect(failed.stdout).toContain('FAIL calls check_service');
      await queue.close();
      const noWorker = await evalCli('--scenario', 'failed-nginx').catch((e: { code: number; stderr: string }) => e);
      expect((noWorker as { code?: number }).code).toBe(69);
      expect((noWorker as { stderr: string }).stderr).toContain('No worker serves the LLM queue');
    } finally {
      await queue.close();
    }
  });
});
