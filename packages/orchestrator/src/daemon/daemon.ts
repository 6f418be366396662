/**
 * The daemon (`ai-sysadmin daemon`, `<aiName>-ai.service`): opens the API, runs cycles on the
 * schedule and on request, and keeps every store it writes (issues, outbox, cycle records) in
 * stateDir. It needs none of Redis, ChromaDB, Ollama or Gotify to do its work: each is looked at,
 * reported once when it goes away and once when it is back, and caught up with when it returns.
 *
 *   start: logger -> stores -> clients -> API -> schedule (and a first cycle)
 *   SIGHUP: reload(): a bad file keeps the running config and logs every wrong field
 *   SIGTERM/SIGINT: stop(): no new work, the cycle in flight may end within the grace period,
 *                   the outbox delivers what it can, everything closes, exit 0
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import {
  type AlertmanagerPayload,
  type AlertmanagerResponse,
  type Config,
  ConfigError,
  type CycleReason,
  type LoadedConfig,
  type Logger,
  type NotifyRequest,
  type NotifyResponse,
  type Issue,
  type Severity,
  type StateLayout,
  type StatusResponse,
  type AgentStatus,
  errorMessage,
  notifyRequestSchema,
  stateLayout,
} from '@ai-sysadmin/core';
import { type ActionOutcome, Executor, RunnerPool, type RunnerSource } from '@ai-sysadmin/executor';
import { LlmQueueClient } from '@ai-sysadmin/worker';
import type { Agent } from '../agent/agent-contract.js';
import { ollamaCapabilities } from '../agent/capability-check.js';
import { type AgentDeps, createAgent } from '../agent/create-agent.js';
import type { ApiContext } from '../api/api-context.js';
import { type ApiServer, openApi } from '../api/api-server.js';
import { ChatService } from '../chat/chat-service.js';
import { ChatSessionStore } from '../chat/chat-sessions.js';
import { AutonomousDiagnosis } from '../diagnosis/autonomous-diagnosis.js';
import { CheckStateStore } from '../health/check-state.js';
import { IssueHooks } from '../issues/issue-hooks.js';
import { IssueIndex, ISSUES_COLLECTION } from '../issues/issue-index.js';
import { IssueStore } from '../issues/issue-store.js';
import { IssueTracker } from '../issues/issue-tracker.js';
import { ConfigIndex } from '../knowledge/config-index.js';
import { ChromaKnowledgeBase } from '../knowledge/knowledge-base.js';
import { lessonFor, resolutionOf } from '../knowledge/lessons.js';
import { SystemsRegistry } from '../knowledge/systems-registry.js';
import { GotifyNotifier } from '../notifications/gotify-notifier.js';
import type { Notifier, OutgoingMessage } from '../notifications/notifier.js';
import { Outbox } from '../notifications/outbox.js';
import type { RetrySettings } from '../notifications/outbox-channel.js';
import { WebhookNotifier } from '../notifications/webhook-notifier.js';
import { type RemediationResult, recordOutcome } from '../remediation/restart-failed-units.js';
import { QueueEmbedder } from '../vector-store/embedder.js';
import { VectorStore } from '../vector-store/vector-store.js';
import { notify, runCycle } from './cycle.js';
import { CycleLog } from './cycle-log.js';
import type { CycleOutcome, CycleRun } from './cycle-run.js';
import { createDaemonLogger, type DaemonLogger } from './daemon-logger.js';
import { DaemonMetrics } from './daemon-metrics.js';
import { DependencyMonitor } from './dependency-monitor.js';
import { probeDependencies, type QueueFigures } from './probe-dependencies.js';
import { Scheduler } from './scheduler.js';

const VERSION = (createRequire(import.meta.url)('../../package.json') as { version: string }).version;

export interface DaemonOptions {
  readonly loaded: LoadedConfig;
  /** Reads the config again (SIGHUP); throws ConfigError when it is wrong. */
  readonly reload?: () => LoadedConfig;
  /** Log to stdout besides the files (default true; tests turn it off). */
  readonly stdoutLogs?: boolean;
  /** How long the cycle in flight may go on after SIGTERM. */
  readonly shutdownGraceMs?: number;
  /** The outbox's retry backoff. */
  readonly outboxRetry?: RetrySettings;
  /** How often buffered vector writes and the dependency probes are retried. */
  readonly catchUpIntervalMs?: number;
  /** Run no cycle at start (tests drive cycles themselves). */
  readonly noStartupCycle?: boolean;
  /** Builds the agent from the daemon's parts (default: the agent core's createAgent). */
  readonly createAgent?: (deps: AgentDeps) => Agent;
}

// With the outbox flush (5 s) and closing, a stop fits in systemd's TimeoutStopSec of 30 s (module.nix).
export const DEFAULT_SHUTDOWN_GRACE_MS = 20_000;
const OUTBOX_FLUSH_ON_STOP_MS = 5000;

export class Daemon implements ApiContext {
  readonly paths: StateLayout;
  readonly tracker: IssueTracker;
  readonly hooks: IssueHooks;
  readonly outbox: Outbox;
  readonly metrics: DaemonMetrics;
  readonly monitor: DependencyMonitor;
  readonly vectorStore: VectorStore;
  readonly issueIndex: IssueIndex;
  readonly knowledge: ChromaKnowledgeBase;
  readonly systems: SystemsRegistry;
  readonly configIndex: ConfigIndex;
  readonly chat: { readonly service: ChatService; readonly sessions: ChatSessionStore };
  readonly diagnosis: AutonomousDiagnosis;
  readonly agent: Agent;
  readonly logger: Logger;
  readonly logsDir: string;
  readonly decisionsLog: string;
  readonly startedAt = new Date();
  private cfg: Config;
  private source: string;
  private loadedAt = new Date();
  private pool: RunnerPool;
  private readonly runners: RunnerSource;
  private readonly exec: Executor;
  private readonly llm: LlmQueueClient;
  private readonly checkState: CheckStateStore;
  private readonly cycleLog: CycleLog;
  private readonly scheduler: Scheduler;
  private api: ApiServer | undefined;
  private timer: NodeJS.Timeout | undefined;
  private queueFigures: QueueFigures | null = null;
  private readonly hostsSeen = new Map<
    string,
    { status: 'up' | 'down'; reason: string | null; hint: string | null; at: string }
  >();
  private stopping: Promise<void> | undefined;
  private readonly lessonsWritten = new Set<string>();
  private capability: { model: string; result: NonNullable<AgentStatus['capability']> } | undefined;
  private firstProbe: Promise<void> | undefined;

  private constructor(
    private readonly options: DaemonOptions,
    private readonly daemonLogger: DaemonLogger,
  ) {
    this.cfg = options.loaded.config;
    this.source = options.loaded.source;
    this.logger = daemonLogger.logger;
    this.logsDir = daemonLogger.dir;
    this.paths = stateLayout(this.cfg.stateDir);
    this.decisionsLog = this.paths.decisionsLog;
    this.monitor = new DependencyMonitor(this.logger);
    this.pool = new RunnerPool(this.cfg, { logger: this.logger });
    this.runners = { runner: (host) => this.pool.runner(host) };
    this.exec = new Executor({
      config: this.cfg,
      runners: this.runners,
      logger: this.logger,
      // Restarting a running unit that an open issue names is low risk, as the policy allows.
      openIssueUnits: (host) =>
        this.tracker
          .active()
          .filter((i) => i.host === host && i.source === 'check' && i.rule === 'failed-unit')
          .map((i) => i.subject),
    });
    // Redis going away is reported once by the DependencyMonitor, not by each of the client's connections.
    this.llm = new LlmQueueClient(this.cfg, { logger: this.logger.child({}, { level: 'error' }) });
    this.vectorStore = new VectorStore({
      url: this.cfg.chromaUrl,
      embedder: new QueueEmbedder(this.llm, this.cfg),
      bufferDir: this.paths.vectorBufferDir,
      logger: this.logger,
      onChromaState: (up, reason) => this.chromaState(up, reason),
      onEmbedderState: (up, reason) =>
        up
          ? this.monitor.up('embeddings', `made with ${this.cfg.embedModel}`)
          : this.monitor.down('embeddings', reason),
    });
    this.issueIndex = new IssueIndex(this.vectorStore);
    this.tracker = new IssueTracker(new IssueStore(this.paths.issuesDir, this.logger), this.cfg);
    this.tracker.onSave((issue) => this.issueIndex.put(issue));
    this.knowledge = new ChromaKnowledgeBase({
      store: this.vectorStore,
      issue: (id) => {
        try {
          return this.tracker.get(id);
        } catch {
          return undefined; // a hit of an issue this tracker does not have (an older state dir)
        }
      },
      resolver: () => {
        const audit = this.exec.audit.read().entries;
        return (issue) => resolutionOf(issue, audit);
      },
    });
    this.tracker.onSave((issue) => this.learnFrom(issue));
    this.systems = new SystemsRegistry(this.cfg, this.vectorStore);
    this.configIndex = new ConfigIndex(this.cfg.configRepo, this.vectorStore, this.paths.configIndexState, this.logger);
    this.agent = (options.createAgent ?? createAgent)({
      config: () => this.cfg,
      llm: this.llm,
      executor: this.exec,
      runners: this.runners,
      systems: this.systems,
      knowledge: this.knowledge,
      openIssues: () => this.tracker.active(),
      notify: (draft) => this.outbox.enqueue(draft),
      logger: this.logger.child({ component: 'agent' }),
    });
    const sessions = new ChatSessionStore(this.paths.chatSessionsDir, this.cfg.agent.maxSessions);
    this.chat = {
      sessions,
      service: new ChatService({
        agent: () => this.agent,
        sessions,
        executor: () => this.exec,
        config: () => this.cfg,
        logger: this.logger,
      }),
    };
    this.hooks = new IssueHooks(this.logger);
    this.hooks.waitMs = this.cfg.agent.notifyWaitSec * 1000;
    this.diagnosis = new AutonomousDiagnosis({
      agent: () => this.agent,
      tracker: this.tracker,
      config: () => this.cfg,
      logger: this.logger,
      // Right after start, the first probe says whether the model is there (each probe is bounded).
      modelAway: async () => {
        await this.firstProbe;
        return this.modelAway();
      },
    });
    this.diagnosis.subscribe(this.hooks);
    this.checkState = new CheckStateStore(this.cfg.stateDir, this.cfg.checkInterval);
    this.cycleLog = new CycleLog(this.paths.cyclesLog);
    this.metrics = new DaemonMetrics(this.cfg.aiName, {
      openIssues: () => this.openBySeverity(),
      outboxDepth: () => this.outbox.status().map((s) => ({ target: s.target, depth: s.depth })),
      queueDepth: async () => this.queueFigures?.depth ?? null,
    });
    this.outbox = new Outbox({
      dir: this.paths.outboxDir,
      notifiers: notifiersFor(this.cfg),
      logger: this.logger,
      ...(options.outboxRetry ? { retry: options.outboxRetry } : {}),
      events: {
        attempt: (target, error) =>
          error ? this.monitor.down(target, error.message, error.hint) : this.monitor.up(target, 'delivers'),
        delivered: (target) => this.metrics.messagesSent.inc({ target }),
        failed: (target) => this.metrics.messagesFailed.inc({ target }),
        queued: (message, targets) => this.auditNotification(message, targets),
      },
    });
    this.expectDependencies();
    this.scheduler = new Scheduler((run) => this.cycle(run), {
      intervalSec: this.cfg.checkInterval,
      logger: this.logger,
      lastNumber: this.cycleLog.lastNumber(),
    });
  }

  /** Starts everything; throws (ApiSocketError...) when the API cannot be opened. */
  static async start(options: DaemonOptions): Promise<Daemon> {
    const config = options.loaded.config;
    mkdirSync(config.stateDir, { recursive: true, mode: 0o750 });
    const logger = await createDaemonLogger(config, stateLayout(config.stateDir).logsDir, {
      stdout: options.stdoutLogs !== false,
    });
    let daemon: Daemon | undefined;
    try {
      daemon = new Daemon(options, logger);
      await daemon.checkState.open();
      daemon.api = await openApi(daemon, config);
    } catch (error) {
      logger.logger.error({ err: errorMessage(error) }, 'the daemon could not start');
      // Nothing may be left running (the queue client reconnects for ever): the process must be able to exit.
      await daemon?.closeClients();
      await logger.close();
      throw error;
    }
    daemon.outbox.start();
    daemon.auditInterrupted();
    daemon.logger.info(
      {
        config: options.loaded.source,
        socket: daemon.api.socketPath,
        tcp: daemon.api.tcpAddress,
        autonomy: config.autonomyLevel,
        checkIntervalSec: config.checkInterval,
        hosts: config.remoteSystems.map((s) => s.name),
        version: VERSION,
      },
      `daemon started: API on ${daemon.api.socketPath}`,
    );
    daemon.timer = setInterval(() => void daemon.catchUp(), options.catchUpIntervalMs ?? 15_000);
    daemon.timer.unref();
    void daemon.catchUp(true);
    daemon.scheduler.start({ startupCycle: !options.noStartupCycle });
    return daemon;
  }

  // ---- ApiContext ----

  config(): Config {
    return this.cfg;
  }

  executor(): Executor {
    return this.exec;
  }

  requestCycle(hosts: 'all' | readonly string[], reason: CycleReason): { run: CycleRun; joined: boolean } {
    return this.scheduler.request(hosts, reason);
  }

  async status(): Promise<StatusResponse> {
    // Right after start, say what each dependency is rather than "unknown" (each probe is bounded).
    await this.firstProbe;
    const last = this.cycleLog.last();
    const hosts = ['local', ...this.cfg.remoteSystems.map((s) => s.name)].map((host) => {
      const seen = this.hostsSeen.get(host);
      return {
        host,
        status: seen?.status ?? ('unknown' as const),
        reason: seen?.reason ?? null,
        hint: seen?.hint ?? null,
        lastCheckedAt: seen?.at ?? null,
      };
    });
    return {
      ai: this.cfg.aiName,
      version: VERSION,
      node: process.version,
      pid: process.pid,
      startedAt: this.startedAt.toISOString(),
      config: {
        source: this.source,
        autonomyLevel: this.cfg.autonomyLevel,
        checkIntervalSec: this.cfg.checkInterval,
        loadedAt: this.loadedAt.toISOString(),
      },
      dependencies: this.monitor.list().filter((d) => !d.name.startsWith('host ')),
      hosts,
      cycle: {
        running: this.scheduler.current !== undefined,
        last,
        nextAt: this.scheduler.nextAt()?.toISOString() ?? null,
      },
      issues: { open: this.openBySeverity() },
      queue: this.queueFigures,
      outbox: this.outbox.status(),
      recentMessages: this.outbox.recent().slice(0, 10),
      agent: this.agentStatus(),
    };
  }

  private agentStatus(): AgentStatus {
    const away = this.modelAway();
    const capability = this.capability?.model === this.cfg.model ? this.capability.result : null;
    return {
      model: this.cfg.model,
      embedModel: this.cfg.embedModel,
      available: away === null,
      detail: away ?? `${this.cfg.model} at ${this.cfg.ollamaHost}`,
      capability,
      diagnosing: this.diagnosis.running,
      answering: this.chat.service.answering,
      knowledgePendingWrites: this.vectorStore.pendingWrites(),
    };
  }

  /** Why the model cannot be asked now, from the dependency probes; null when it can (or is not known to be away). */
  modelAway(): string | null {
    for (const name of ['redis', 'llm-worker', 'ollama']) {
      if (this.monitor.state(name) !== 'down') continue;
      const entry = this.monitor.list().find((d) => d.name === name);
      return `${name} is down: ${entry?.detail ?? 'unknown'}`;
    }
    return null;
  }

  /** Learning: an issue that resolved after an action of it held leaves a lesson in `knowledge`. */
  private learnFrom(issue: Issue): void {
    if (issue.status !== 'resolved' || this.lessonsWritten.has(`${issue.id}@${issue.resolvedAt}`)) return;
    this.lessonsWritten.add(`${issue.id}@${issue.resolvedAt}`);
    let lesson;
    try {
      lesson = lessonFor(issue, this.exec.audit.read().entries);
    } catch (error) {
      this.logger.error({ issue: issue.id, err: errorMessage(error) }, 'the lesson of an issue could not be made');
      return;
    }
    if (!lesson) return;
    void this.knowledge
      .storeKnowledge({
        id: lesson.id,
        topic: lesson.topic,
        content: lesson.content,
        category: 'lesson',
        source: 'agent',
        issueId: lesson.issueId,
      })
      .then(({ buffered }) =>
        this.logger.info(
          { issue: issue.id, lesson: lesson.id, buffered },
          `lesson learned from issue #${issue.id}${buffered ? ' (waits for ChromaDB)' : ''}`,
        ),
      )
      .catch((error: unknown) =>
        this.logger.error({ issue: issue.id, err: errorMessage(error) }, 'the lesson could not be stored'),
      );
  }

  async alertmanager(payload: AlertmanagerPayload): Promise<AlertmanagerResponse> {
    const changes = this.tracker.applyAlerts(payload.alerts);
    // As in a cycle: the agent may diagnose for up to hooks.waitMs before the message goes out.
    await this.hooks.emit(
      changes
        .filter(
          (c): c is typeof c & { kind: 'opened' | 'reopened' | 'escalated' } =>
            c.kind === 'opened' || c.kind === 'reopened' || c.kind === 'escalated',
        )
        .map((c) => ({ kind: c.kind, issue: c.issue, cycle: null })),
    );
    notify(this.notifyContext(), changes);
    const count = (k: string) => changes.filter((c) => c.kind === k).length;
    return {
      opened: count('opened') + count('reopened'),
      updated: count('seen') + count('escalated') + count('deescalated'),
      resolved: count('resolved'),
      ignored: payload.alerts.length - changes.length,
    };
  }

  notify(request: NotifyRequest): NotifyResponse {
    const body = notifyRequestSchema.parse(request);
    const title = body.title ?? 'message';
    const message = this.outbox.enqueue({
      title: title.startsWith(`${this.cfg.aiName}:`) ? title : `${this.cfg.aiName}: ${title}`,
      message: body.message,
      priority: body.priority,
      markdown: false,
      host: null,
      kind: 'notify',
      issueIds: [],
    });
    return { queued: message.seq, targets: this.outbox.targets };
  }

  actionDecided(outcome: ActionOutcome, by: string): void {
    const origin = outcome.action?.requestedBy;
    if (!origin || origin.kind !== 'issue' || !origin.issueId || outcome.status === 'pending') return;
    let issue;
    try {
      issue = this.tracker.get(Number(origin.issueId));
    } catch {
      return;
    }
    const result: RemediationResult = { actions: [], notes: [] };
    recordOutcome({ tracker: this.tracker, cycle: this.cycleLog.lastNumber() }, issue, outcome, result, by);
    for (const action of result.actions) this.metrics.actions.inc({ verdict: action.outcome });
    notify(this.notifyContext(), [], result);
  }

  resetRemediation(id: number, by: string): void {
    const issue = this.tracker.resetRemediation(id, by);
    this.exec.audit.append({
      type: 'remediation',
      ref: randomUUID(),
      hosts: [issue.host],
      issueId: id,
      event: 'reset',
      actor: by,
      note: `remediation of issue #${id} (${issue.title}) reset by ${by}`,
    });
    this.logger.info({ issue: id, by }, 'remediation reset');
  }

  // ---- lifecycle ----

  /** SIGHUP: reads the config again. A wrong file changes nothing and every wrong field is logged. */
  reload(): boolean {
    if (!this.options.reload) return false;
    let loaded: LoadedConfig;
    try {
      loaded = this.options.reload();
    } catch (error) {
      if (error instanceof ConfigError) {
        for (const p of error.problems)
          this.logger.error(
            { source: error.source, field: p.path, problem: p.message },
            `config reload: ${p.path || '(top level)'}: ${p.message}`,
          );
        this.logger.error(
          { source: error.source, problems: error.problems.length },
          `config reload failed: ${error.problems.length} wrong field${error.problems.length === 1 ? '' : 's'}; keeping the running configuration from ${this.source}`,
        );
      } else {
        this.logger.error(
          { err: errorMessage(error) },
          `config reload failed; keeping the running configuration from ${this.source}`,
        );
      }
      return false;
    }
    const next = loaded.config;
    const fixed: string[] = [];
    if (next.stateDir !== this.cfg.stateDir) fixed.push('stateDir');
    if (JSON.stringify(next.api) !== JSON.stringify(this.cfg.api)) fixed.push('api');
    if (JSON.stringify(next.logs) !== JSON.stringify(this.cfg.logs)) fixed.push('logs');
    if (next.aiName !== this.cfg.aiName) fixed.push('aiName');
    if (
      next.redisUrl !== this.cfg.redisUrl ||
      next.chromaUrl !== this.cfg.chromaUrl ||
      next.embedModel !== this.cfg.embedModel
    )
      fixed.push('redisUrl/chromaUrl/embedModel');
    if (fixed.length)
      this.logger.warn(
        { fields: fixed },
        `config reload: ${fixed.join(', ')} change only with a restart; the rest applies now`,
      );
    const config: Config = {
      ...next,
      stateDir: this.cfg.stateDir,
      api: this.cfg.api,
      logs: this.cfg.logs,
      aiName: this.cfg.aiName,
      redisUrl: this.cfg.redisUrl,
      chromaUrl: this.cfg.chromaUrl,
      embedModel: this.cfg.embedModel,
    };
    const hostsChanged =
      JSON.stringify([config.remoteSystems, config.ssh]) !== JSON.stringify([this.cfg.remoteSystems, this.cfg.ssh]);
    this.cfg = config;
    this.source = loaded.source;
    this.loadedAt = new Date();
    this.logger.level = config.logLevel;
    this.exec.updateConfig(config);
    this.tracker.updateConfig(config);
    this.hooks.waitMs = config.agent.notifyWaitSec * 1000;
    this.chat.sessions.setMaxSessions(config.agent.maxSessions);
    this.systems.updateConfig(config);
    this.configIndex.setRepo(config.configRepo);
    this.scheduler.setIntervalSec(config.checkInterval);
    this.outbox.setNotifiers(notifiersFor(config));
    this.expectDependencies();
    if (hostsChanged) {
      const old = this.pool;
      this.pool = new RunnerPool(config, { logger: this.logger });
      // The cycle in flight may still use the old connections.
      void (this.scheduler.current?.done ?? Promise.resolve()).catch(() => undefined).then(() => old.closeAll());
    }
    this.logger.info(
      {
        config: loaded.source,
        autonomy: config.autonomyLevel,
        checkIntervalSec: config.checkInterval,
        hosts: config.remoteSystems.map((s) => s.name),
      },
      'configuration reloaded',
    );
    return true;
  }

  /** Runs one cycle covering these hosts now (or joins the one that does) and waits for it. */
  async checkNow(hosts: 'all' | readonly string[] = 'all', reason: CycleReason = 'check'): Promise<CycleOutcome> {
    return this.scheduler.request(hosts, reason).run.done;
  }

  stop(): Promise<void> {
    this.stopping ??= this.shutdown();
    return this.stopping;
  }

  private async shutdown(): Promise<void> {
    const grace = this.options.shutdownGraceMs ?? DEFAULT_SHUTDOWN_GRACE_MS;
    this.logger.info({ graceMs: grace }, 'stopping: no new cycles; the one in flight may finish');
    clearInterval(this.timer);
    const ended = await this.scheduler.stop(grace);
    if (!ended)
      this.logger.warn({ graceMs: grace }, `the cycle in flight did not end within ${grace / 1000} s; stopping anyway`);
    await this.api?.close().catch(() => undefined);
    await Promise.race([this.diagnosis.idle(), new Promise((resolve) => setTimeout(resolve, 2000).unref())]);
    await this.outbox.stop(OUTBOX_FLUSH_ON_STOP_MS);
    const waiting = this.outbox.depth();
    if (waiting)
      this.logger.warn(
        { waiting },
        `${waiting} notifications are still waiting; they are kept in ${this.paths.outboxDir} and sent after the next start`,
      );
    await this.closeClients();
    this.logger.info('stopped');
    await this.daemonLogger.close();
  }

  // ---- internals ----

  /** Who was told what, and why, belongs in the audit trail with the actions; a failed write is logged, the message still goes. */
  /** Approved actions a crash cut short: audited once and logged, never rerun by themselves. */
  private auditInterrupted(): void {
    try {
      for (const action of this.exec.auditInterrupted())
        this.logger.warn(
          { actionId: action.id, hosts: action.hosts, display: action.display },
          `action #${action.id} (${action.display.join(' ')}) was interrupted when the daemon stopped; it was not run again`,
        );
    } catch (error) {
      this.logger.error({ err: errorMessage(error) }, 'could not audit the interrupted actions');
    }
  }

  private auditNotification(message: OutgoingMessage, targets: readonly string[]): void {
    try {
      this.exec.audit.append({
        type: 'notification',
        ref: `notification-${message.seq}`,
        hosts: message.host ? [message.host] : [],
        seq: message.seq,
        title: message.title,
        priority: message.priority,
        targets: [...targets],
        issueIds: [...message.issueIds],
      });
    } catch (error) {
      this.logger.error(
        { seq: message.seq, err: errorMessage(error) },
        'the notification could not be written to the audit log',
      );
    }
  }

  private async closeClients(): Promise<void> {
    await this.llm.close().catch(() => undefined);
    await this.pool.closeAll().catch(() => undefined);
  }

  private async cycle(run: CycleRun): Promise<CycleOutcome> {
    try {
      this.exec.expireDue();
    } catch (error) {
      this.logger.error({ err: errorMessage(error) }, 'expiring pending actions failed');
    }
    const outcome = await runCycle(
      {
        config: this.cfg,
        runners: this.runners,
        checkState: this.checkState,
        tracker: this.tracker,
        hooks: this.hooks,
        executor: this.exec,
        outbox: this.outbox,
        monitor: this.monitor,
        cycleLog: this.cycleLog,
        logger: this.logger,
        metrics: this.metrics,
        leftToAgent: (id) => this.diagnosis.takeProposed(id),
      },
      run,
    );
    for (const h of outcome.record.hosts)
      this.hostsSeen.set(h.host, {
        status: h.status,
        reason: h.reason,
        hint: h.hint ?? null,
        at: outcome.record.finishedAt,
      });
    this.systems.observe(outcome.report.hosts);
    void this.configIndex.refresh();
    void this.vectorStore.flush();
    return outcome;
  }

  private async catchUp(first = false): Promise<void> {
    try {
      const probe = probeDependencies(this.cfg, this.llm, this.vectorStore, this.monitor);
      if (first)
        this.firstProbe = probe.then(
          () => undefined,
          () => undefined,
        );
      this.queueFigures = await probe;
      await this.checkCapability();
      if (first) {
        await this.reconcileIndex();
        void this.configIndex.refresh();
      }
      await this.vectorStore.flush();
    } catch (error) {
      this.logger.debug({ err: errorMessage(error) }, 'catching up failed; next time');
    }
  }

  /** Once per model, with Ollama up: can it call tools (Ollama's /api/show)? For status. */
  private async checkCapability(): Promise<void> {
    const model = this.cfg.model;
    if (this.capability?.model === model || this.monitor.state('ollama') !== 'up') return;
    const checkedAt = new Date().toISOString();
    try {
      const capabilities = await ollamaCapabilities(this.cfg.ollamaHost, model);
      const ok = capabilities.includes('tools');
      this.capability = {
        model,
        result: {
          ok,
          checkedAt,
          detail: ok
            ? `${model} can call tools (${capabilities.join(', ')})`
            : `${model} cannot call tools (it has ${capabilities.join(', ') || 'no capabilities'}): the agent refuses to run with it; pull a model with tools, e.g. qwen3:8b`,
        },
      };
    } catch {
      // asked again at the next probe
    }
  }

  /** ChromaDB may have lost what it held (a new server, a deleted collection): every issue goes back in. */
  private async reconcileIndex(): Promise<void> {
    const issues = this.tracker.all();
    if (issues.length === 0) return;
    try {
      const count = await this.vectorStore.count(ISSUES_COLLECTION);
      if (count < issues.length) {
        this.logger.info(
          { chroma: count, issues: issues.length },
          'ChromaDB holds fewer issues than the tracker: writing them all again',
        );
        this.issueIndex.putAll(issues);
      }
    } catch {
      // ChromaDB is away; this runs again when it is back
    }
  }

  private chromaState(up: boolean, reason: string): void {
    const wasDown = this.monitor.state('chromadb') === 'down';
    if (up) this.monitor.up('chromadb', this.cfg.chromaUrl);
    else this.monitor.down('chromadb', reason, 'issues are kept in stateDir and written to ChromaDB once it is back');
    if (up && wasDown) void this.reconcileIndex();
  }

  private expectDependencies(): void {
    this.monitor.expect('redis', this.cfg.redisUrl);
    this.monitor.expect('llm-worker', `queue ${this.cfg.aiName}-llm`);
    this.monitor.expect('ollama', this.cfg.ollamaHost);
    this.monitor.expect('chromadb', this.cfg.chromaUrl);
    if (this.cfg.gotify) this.monitor.expect('gotify', this.cfg.gotify.url);
    else this.monitor.notConfigured('gotify', 'no gotify in the config: messages are logged and shown in status');
    if (this.cfg.notifications.webhook) this.monitor.expect('webhook', this.cfg.notifications.webhook.url);
    else this.monitor.forget('webhook');
  }

  private notifyContext() {
    return { config: this.cfg, tracker: this.tracker, outbox: this.outbox };
  }

  private openBySeverity(): Record<Severity, number> {
    const open: Record<Severity, number> = { critical: 0, warning: 0, info: 0 };
    for (const issue of this.tracker.active()) open[issue.severity]++;
    return open;
  }
}

export function notifiersFor(config: Config): Notifier[] {
  return [
    ...(config.gotify ? [new GotifyNotifier(config.gotify)] : []),
    ...(config.notifications.webhook ? [new WebhookNotifier(config.notifications.webhook, config.aiName)] : []),
  ];
}
