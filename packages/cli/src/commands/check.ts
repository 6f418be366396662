/**
 * `ai-sysadmin check`: one health check now, standalone (no daemon, Redis or LLM): this machine,
 * plus `--host NAME` or `--all-hosts`. Prints a readable report, or with --json the whole
 * snapshot and findings. Exit 0 healthy, 1 warnings, 2 critical, 3 could not check.
 */
import { Command } from 'commander';
import { type CheckReport, createLogger, errorMessage, LOCAL_HOST } from '@ai-sysadmin/core';
import {
  CheckStateStore,
  UnknownHostError,
  runCheck,
  selectHosts,
  type RunnerSource,
} from '@ai-sysadmin/orchestrator/health';
import { addConfigOption, loadCliConfig } from '../cli-config.js';
import { checkExitCode, renderCheckReport } from '../check-report.js';
import { EXIT } from '../exit-codes.js';
import { type OllamaProbe, probeOllama } from '../ollama-probe.js';

interface CheckOptions {
  config?: string;
  host: string[];
  allHosts?: boolean;
  json?: boolean;
  llmProbe: boolean;
}

export function createCommand(): Command {
  return addConfigOption(
    new Command('check')
      .description(
        'check the health of this machine and managed hosts now (exit 0 healthy, 1 warnings, 2 critical, 3 could not check)',
      )
      .option(
        '--host <name>',
        'also check this managed host (repeat for several)',
        (value: string, all: string[]) => [...all, value],
        [],
      )
      .option('--all-hosts', 'also check every managed host')
      .option('--json', 'print the whole snapshot and findings as JSON')
      .option('--no-llm-probe', 'do not ask Ollama whether LLM diagnosis is available'),
  ).action(async (options: CheckOptions) => {
    process.exitCode = await check(options);
  });
}

async function check(options: CheckOptions): Promise<number> {
  const { config } = loadCliConfig(options);
  let hosts: string[];
  try {
    hosts = selectHosts(config, { hosts: options.host, allHosts: options.allHosts ?? false });
  } catch (error) {
    if (!(error instanceof UnknownHostError)) throw error;
    process.stderr.write(`${error.describe()}\n`);
    return EXIT.usage;
  }

  const llm: Promise<OllamaProbe | null> = options.llmProbe
    ? probeOllama(config.ollamaHost, config.model)
    : Promise.resolve(null);
  const state = new CheckStateStore(config.stateDir, config.checkInterval);
  await state.open();

  let pool: (RunnerSource & { closeAll(): Promise<void> }) | undefined;
  if (hosts.some((h) => h !== LOCAL_HOST)) {
    // The pool (and its SSH connections) exists only when a managed host is checked.
    const { RunnerPool } = await import('@ai-sysadmin/executor/runner');
    const logger = createLogger({
      level: config.logLevel === 'info' ? 'warn' : config.logLevel,
      aiName: config.aiName,
      component: 'check',
    });
    pool = new RunnerPool(config, { logger });
  }
  let report: CheckReport;
  try {
    report = await runCheck({ config, hosts, state, ...(pool ? { runners: pool } : {}) });
  } catch (error) {
    process.stderr.write(`ai-sysadmin check: the check could not be completed: ${errorMessage(error)}\n`);
    return EXIT.checkFailed;
  } finally {
    await pool?.closeAll();
  }

  const probe = await llm;
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ ...report, llm: probe }, null, 2)}\n`);
  } else {
    process.stdout.write(renderCheckReport(report, probe?.summary));
  }
  return checkExitCode(report);
}
