/**
 * The orchestrator (the daemon's parts). Health collection is also published on its own as
 * `@ai-sysadmin/orchestrator/health`: code on the `check` path imports that, so whatever heavy
 * clients the daemon adds here are never loaded by a standalone check.
 */
export * from './health/index.js';
export * from './errors/index.js';

// The daemon (loaded by `ai-sysadmin daemon`, never by `check`).
export { Daemon, type DaemonOptions, DEFAULT_SHUTDOWN_GRACE_MS, notifiersFor } from './daemon/daemon.js';
export { Scheduler, cronFor, type RunCycle } from './daemon/scheduler.js';
export { CycleRun, type CycleOutcome } from './daemon/cycle-run.js';
export { runCycle, notify, type CycleContext } from './daemon/cycle.js';
export { CycleLog } from './daemon/cycle-log.js';
export { DependencyMonitor } from './daemon/dependency-monitor.js';
export { DaemonMetrics } from './daemon/daemon-metrics.js';
export { createDaemonLogger, tailLogs, logFiles } from './daemon/daemon-logger.js';
export { IssueStore } from './issues/issue-store.js';
export {
  IssueTracker,
  alertFinding,
  hostCheckable,
  SEVERITY_RANK,
  type IssueChange,
  type IssueChangeKind,
  type TrackedFinding,
} from './issues/issue-tracker.js';
export { IssueHooks, type IssueAttentionEvent, type IssueAttentionListener } from './issues/issue-hooks.js';
export { IssueIndex, ISSUES_COLLECTION, issueRecord } from './issues/issue-index.js';
export type { Notifier, OutgoingMessage } from './notifications/notifier.js';
export { PRIORITY } from './notifications/notifier.js';
export { GotifyNotifier } from './notifications/gotify-notifier.js';
export { WebhookNotifier } from './notifications/webhook-notifier.js';
export { Outbox, type MessageDraft, type OutboxOptions } from './notifications/outbox.js';
export { OutboxChannel, type RetrySettings } from './notifications/outbox-channel.js';
export { planMessages, type RemediationNote } from './notifications/message-plan.js';
export { escapeMarkdown } from './notifications/markdown.js';
export { restartFailedUnits, recordOutcome, restartRequest } from './remediation/restart-failed-units.js';
export { breakerOpen, restartsInWindow } from './remediation/circuit-breaker.js';
export {
  VectorStore,
  type VectorRecord,
  type VectorHit,
  type VectorStoreOptions,
} from './vector-store/vector-store.js';
export { WriteBuffer, type BufferedWrite } from './vector-store/write-buffer.js';
export { QueueEmbedder, type Embedder } from './vector-store/embedder.js';
export { buildApi, openApi, type ApiServer } from './api/api-server.js';
export type { ApiContext } from './api/api-context.js';
export * from './agent/index.js';
