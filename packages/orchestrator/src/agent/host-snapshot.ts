/**
 * One host's snapshot for the status tools: the background check's own collection (runCheck of
 * that one host through the daemon's runners), so the agent sees what the check sees. It stops
 * within the check's own per-host deadline, whatever the run's signal.
 */
import type { Config, HostSnapshot } from '@ai-sysadmin/core';
import { LOCAL_HOST } from '@ai-sysadmin/core';
import type { RunnerSource } from '@ai-sysadmin/executor/runner';
import { runCheck } from '../health/run-check.js';

export async function snapshotOf(config: Config, runners: RunnerSource, host: string): Promise<HostSnapshot> {
  const report = await runCheck({ config, hosts: host === LOCAL_HOST ? [LOCAL_HOST] : [host], runners });
  return report.hosts.find((h) => h.host === host)!;
}
