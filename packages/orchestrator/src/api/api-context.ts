/** What the API's routes may ask of the daemon. */
import type {
  AlertmanagerPayload,
  AlertmanagerResponse,
  Config,
  CycleReason,
  Logger,
  NotifyRequest,
  NotifyResponse,
  StatusResponse,
} from '@ai-sysadmin/core';
import type { ActionOutcome, Executor } from '@ai-sysadmin/executor';
import type { CycleRun } from '../daemon/cycle-run.js';
import type { DaemonMetrics } from '../daemon/daemon-metrics.js';
import type { ChatService } from '../chat/chat-service.js';
import type { ChatSessionStore } from '../chat/chat-sessions.js';
import type { IssueTracker } from '../issues/issue-tracker.js';
import type { ConfigIndex } from '../knowledge/config-index.js';
import type { ChromaKnowledgeBase } from '../knowledge/knowledge-base.js';
import type { SystemsRegistry } from '../knowledge/systems-registry.js';

export interface ApiContext {
  config(): Config;
  readonly tracker: IssueTracker;
  executor(): Executor;
  readonly metrics: DaemonMetrics;
  readonly logger: Logger;
  /** Where the daemon's log files are. */
  readonly logsDir: string;
  /** The agent's runs, one JSON line each (`logs --source decisions`). */
  readonly decisionsLog: string;
  readonly chat: { readonly service: ChatService; readonly sessions: ChatSessionStore };
  readonly knowledge: ChromaKnowledgeBase;
  readonly systems: SystemsRegistry;
  readonly configIndex: ConfigIndex;
  status(): Promise<StatusResponse>;
  /** A cycle covering these hosts (`local` and/or managed systems): the running one, the waiting one, or a new one. */
  requestCycle(hosts: 'all' | readonly string[], reason: CycleReason): { run: CycleRun; joined: boolean };
  alertmanager(payload: AlertmanagerPayload): Promise<AlertmanagerResponse>;
  notify(request: NotifyRequest): NotifyResponse;
  /** After a person approved an action: its issue's timeline, the breaker's count, a message. */
  actionDecided(outcome: ActionOutcome, by: string): void;
  resetRemediation(id: number, by: string): void;
}
