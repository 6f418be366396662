/**
 * `ai-sysadmin eval [--scenarios DIR] [--scenario NAME]... [--json]`: runs the shipped scenarios
 * (scenarios/ at the repository root) against the configured Ollama model through the LLM queue,
 * so the worker must be running. Tool outputs are replayed from the scenario: nothing runs on a
 * host, and what the model proposes is judged by the real policy but never executed. Prints a
 * table (pass/fail per expectation, steps, prompt tokens, time), or JSON; exits 1 when any
 * scenario failed, 69 when no worker serves the queue.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { AiSysadminError } from '@ai-sysadmin/core';
import { addConfigOption, loadCliConfig } from '../cli-config.js';
import { EXIT } from '../exit-codes.js';
import { SUBCOMMAND_SUMMARIES } from '../subcommand-summaries.js';

interface EvalOptions {
  config?: string;
  scenarios?: string;
  scenario?: string[];
  json?: boolean;
}

/** scenarios/ of the repository (or of the package tree the binary was installed from). */
const SHIPPED_SCENARIOS = fileURLToPath(new URL('../../../../scenarios', import.meta.url));

export function createCommand(): Command {
  return addConfigOption(
    new Command('eval')
      .description(SUBCOMMAND_SUMMARIES.eval)
      .option('--scenarios <dir>', 'directory of scenario files (YAML or JSON)', SHIPPED_SCENARIOS)
      .option('--scenario <name>', 'run only this scenario; repeatable', (v: string, all: string[] = []) => [...all, v])
      .option('--json', 'print the report as JSON'),
  ).action(async (options: EvalOptions) => {
    const { config } = await loadCliConfig(options);
    const dir = options.scenarios ?? SHIPPED_SCENARIOS;
    if (!existsSync(dir))
      throw new AiSysadminError('EVAL_NO_SCENARIOS', `There is no scenario directory at ${dir}.`, {
        hint: 'Give one with --scenarios DIR.',
      });
    const { loadScenarios, runEval } = await import('@ai-sysadmin/orchestrator');
    const { LlmQueueClient } = await import('@ai-sysadmin/worker');
    let scenarios = loadScenarios(dir);
    if (options.scenario?.length) {
      const unknown = options.scenario.filter((n) => !scenarios.some((s) => s.name === n));
      if (unknown.length) {
        process.stderr.write(
          `ai-sysadmin eval: no scenario named ${unknown.join(', ')}; there are: ${scenarios.map((s) => s.name).join(', ')}\n`,
        );
        process.exitCode = EXIT.usage;
        return;
      }
      scenarios = scenarios.filter((s) => options.scenario!.includes(s.name));
    }
    const llm = new LlmQueueClient(config);
    try {
      if ((await llm.workers().catch(() => 0)) === 0) {
        process.exitCode = EXIT.unavailable;
        throw new AiSysadminError(
          'EVAL_NO_WORKER',
          `No worker serves the LLM queue of ${config.aiName} (Redis at ${config.redisUrl.replace(/\/\/[^@]*@/, '//')}), so no scenario can be asked.`,
          {
            hint: 'Start it with `ai-sysadmin worker --config ...` (or the <aiName>-ollama-worker service), then run eval again.',
          },
        );
      }
      const tty = process.stderr.isTTY && !options.json;
      const report = await runEval({
        config,
        llm,
        scenarios,
        onScenario: (r, i) => {
          if (tty) process.stderr.write(`[${i + 1}/${scenarios.length}] ${r.name}: ${r.pass ? 'pass' : 'FAIL'}\n`);
        },
      });
      if (options.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      else process.stdout.write(`${await renderReport(report)}\n`);
      if (report.passed < report.scenarios.length) process.exitCode = 1;
    } finally {
      await llm.close();
    }
  });
}

type Report = Awaited<ReturnType<typeof import('@ai-sysadmin/orchestrator').runEval>>;

async function renderReport(report: Report): Promise<string> {
  const { default: Table } = await import('cli-table3');
  const table = new Table({
    head: ['scenario', 'result', 'expectations', 'steps', 'prompt tokens', 'time'],
    style: { head: [], border: [] },
  });
  for (const s of report.scenarios) {
    const lines = s.expectations.map(
      (e) => `${e.pass ? 'pass' : 'FAIL'} ${e.expectation}${e.detail && !e.pass ? ` (${e.detail})` : ''}`,
    );
    table.push([
      s.name,
      s.pass ? 'pass' : 'FAIL',
      lines.join('\n'),
      String(s.steps),
      String(s.promptTokens),
      `${(s.durationMs / 1000).toFixed(1)} s`,
    ]);
  }
  const expectations = report.scenarios.reduce((n, s) => n + s.total, 0);
  const held = report.scenarios.reduce((n, s) => n + s.passed, 0);
  return `${table.toString()}\nmodel ${report.model}: ${report.passed}/${report.scenarios.length} scenarios passed, ${held}/${expectations} expectations held (score ${(report.score * 100).toFixed(0)}%)`;
}
