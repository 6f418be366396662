import type { Config, Logger } from '@ai-sysadmin/core';
import type { ActionLifecycle } from './actions/action-lifecycle.js';
import type { AuditLog } from './audit/audit-log.js';
import type { PlanExecutor } from './execution/execute-plan.js';
import type { NixosChanges } from './nixos/nixos-changes.js';
import type { ActionPolicy } from './policy/action-policy.js';
import type { RunnerSource } from './runner/runner-source.js';

/** The collaborators the executor's flows share, made once by the Executor; each has its own module. */
export interface ExecutorParts {
  /** The configuration as it is now (`Executor.updateConfig` changes it). */
  readonly config: () => Config;
  readonly policy: ActionPolicy;
  /** Where the policy reads facts from the hosts (unit states) before it decides. */
  readonly runners: RunnerSource;
  readonly lifecycle: ActionLifecycle;
  readonly audit: AuditLog;
  readonly plans: PlanExecutor;
  readonly nixos: NixosChanges;
  readonly logger: Logger;
  readonly now: () => Date;
}
