/**
 * `ai-sysadmin check`: one health check now, this machine plus `--host NAME` or `--all-hosts`.
 * Through the daemon when it runs (it joins the cycle in progress, progress per host on a
 * terminal), standalone (no daemon, Redis or LLM) when it does not or with `--standalone`. The
 * same report either way, or with --json the whole snapshot and findings. Exit 0 healthy, 1
 * warnings, 2 critical, 3 could not check.
 */
import { Command } from 'commander';
import {
  AiSysadminError,
  API_PATHS,
  type CheckProgress,
  type CheckReport,
  type Config,
  createLogger,
  errorMessage,
  LOCAL_HOST,
  logFileDestination,
  stateLayout,
} from '@ai-sysadmin/core';
import type { RunnerSource } from '@ai-sysadmin/orchestrator/health';
import { DaemonApiClient, DaemonUnavailableError, SocketPermissionError } from '../api-client.js';
import { addConfigOption, loadCliConfig } from '../cli-config.js';
import { withExample } from '../help-examples.js';
import { startProgress } from '../terminal/progress.js';
import { startSpinner } from '../terminal/spinner.js';
import { checkExitCode, renderCheckReport } from '../check-report.js';
import { EXIT } from '../exit-codes.js';
import { type OllamaProbe, probeOllama } from '../ollama-probe.js';

interface CheckOptions {
  config?: string;
  host: string[];
  allHosts?: boolean;
  json?: boolean;
  llmProbe: boolean;
  standalone?: boolean;
}

export function createCommand(): Command {
  return withExample(
    addConfigOption(
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
        .option('--no-llm-probe', 'do not ask Ollama whether LLM diagnosis is available')
        .option('--standalone', 'check here, without the daemon, even when it runs'),
    ),
    'ai-sysadmin check',
    'ai-sysadmin check --all-hosts --json | jq .findings',
  ).action(async (options: CheckOptions) => {
    process.exitCode = await check(options);
  });
}

async function check(options: CheckOptions): Promise<number> {
  const { config } = await loadCliConfig(options);
  const llm: Promise<OllamaProbe | null> = options.llmProbe
    ? probeOllama(config.ollamaHost, config.model)
    : Promise.resolve(null);

  let report: CheckReport | null = null;
  try {
    if (!options.standalone) {
      try {
        report = await checkThroughDaemon(config, options);
      } catch (error) {
        if (error instanceof SocketPermissionError)
          process.stderr.write(`ai-sysadmin check: ${error.message}; checking here instead\n`);
        else if (!(error instanceof DaemonUnavailableError)) throw error;
      }
    }
    report ??= await checkStandalone(config, options);
  } catch (error) {
    // Found by the daemon (400) or here before anything runs.
    if (!(error instanceof AiSysadminError && error.code === 'UNKNOWN_HOST')) throw error;
    process.stderr.write(`${error.describe()}\n`);
    return EXIT.usage;
  }
  if (!report) return EXIT.checkFailed;

  const probe = await llm;
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ ...report, llm: probe }, null, 2)}\n`);
  } else {
    process.stdout.write(renderCheckReport(report, probe?.summary));
  }
  return checkExitCode(report);
}

/** POST /v1/check: the daemon's report, with a progress line per host on a terminal. */
async function checkThroughDaemon(config: Config, options: CheckOptions): Promise<CheckReport> {
  const client = DaemonApiClient.fromConfig(config);
  const hosts = options.allHosts ? undefined : options.host.filter((h) => h !== LOCAL_HOST);
  let report: CheckReport | null = null;
  let failure: string | null = null;
  let progress: { tick(label: string): void; stop(): void } | null = null;
  try {
    await client.ndjson<CheckProgress>(
      'POST',
      API_PATHS.check,
      hosts ? { hosts } : {},
      (line) => {
        if (line.type === 'started') {
          const what = `${line.joined ? 'joined' : 'started'} cycle ${line.cycle}: checking`;
          void (
            line.hosts.length > 1
              ? startProgress(line.hosts.length, what)
              : startSpinner(`${what} ${line.hosts.join(', ')}`)
          ).then((p) => {
            if (report || failure) p.stop();
            else
              progress =
                'tick' in p ? p : { tick: (label: string) => p.text(`${what} ${label}`), stop: () => p.stop() };
          });
        } else if (line.type === 'host') progress?.tick(`${line.host} ${line.status} (${line.durationMs} ms)`);
        else if (line.type === 'report') report = line.report;
        else if (line.type === 'error') failure = line.error.message;
      },
      { timeoutMs: 10 * 60_000 },
    );
  } finally {
    (progress as { stop(): void } | null)?.stop();
  }
  if (!report) throw new Error(`the daemon's check did not complete: ${failure ?? 'no report came'}`);
  return report;
}

async function checkStandalone(config: Config, options: CheckOptions): Promise<CheckReport | null> {
  const { CheckStateStore, runCheck, selectHosts } = await import('@ai-sysadmin/orchestrator/health');
  const hosts = selectHosts(config, { hosts: options.host, allHosts: options.allHosts ?? false });
  const state = new CheckStateStore(config.stateDir, config.checkInterval);
  await state.open();

  let pool: (RunnerSource & { closeAll(): Promise<void> }) | undefined;
  if (hosts.some((h) => h !== LOCAL_HOST)) {
    // The pool (and its SSH connections) exists only when a managed host is checked.
    const { RunnerPool } = await import('@ai-sysadmin/executor/runner');
    // Logs go to the log file, never to the terminal: the report is what a person reads there.
    const destination = logFileDestination(stateLayout(config.stateDir).checkLog);
    const logger = createLogger({
      level: destination ? (config.logLevel === 'info' ? 'warn' : config.logLevel) : 'silent',
      aiName: config.aiName,
      component: 'check',
      ...(destination ? { destination } : {}),
    });
    pool = new RunnerPool(config, { logger });
  }
  try {
    return await runCheck({ config, hosts, state, ...(pool ? { runners: pool } : {}) });
  } catch (error) {
    process.stderr.write(`ai-sysadmin check: the check could not be completed: ${errorMessage(error)}\n`);
    return null;
  } finally {
    await pool?.closeAll();
  }
}
