/**
 * What `/metrics` shows, in Prometheus' text format (prom-client, its own registry): cycle
 * duration, hosts up and down, open issues by severity, messages sent and failed, outbox depth,
 * actions by verdict, LLM queue depth, and the process' own figures.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Severity } from '@ai-sysadmin/core';

export interface MetricsSources {
  openIssues(): Record<Severity, number>;
  outboxDepth(): Array<{ target: string; depth: number }>;
  /** Jobs waiting in the LLM queue; null when Redis cannot be asked. */
  queueDepth(): Promise<number | null>;
}

export class DaemonMetrics {
  readonly registry = new Registry();
  readonly cycleDuration: Histogram;
  readonly checkDuration: Histogram;
  readonly hostsUp: Gauge;
  readonly hostsDown: Gauge;
  readonly messagesSent: Counter;
  readonly messagesFailed: Counter;
  readonly actions: Counter;
  readonly cycles: Counter;

  constructor(aiName: string, sources: MetricsSources) {
    this.registry.setDefaultLabels({ ai: aiName });
    const registers = [this.registry];
    this.cycleDuration = new Histogram({
      name: 'ai_sysadmin_cycle_duration_seconds',
      help: 'Duration of one daemon cycle (check, issues, remediation, notifications)',
      buckets: [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300],
      registers,
    });
    this.checkDuration = new Histogram({
      name: 'ai_sysadmin_check_duration_seconds',
      help: 'Duration of the host snapshots within a cycle',
      buckets: [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300],
      registers,
    });
    this.cycles = new Counter({ name: 'ai_sysadmin_cycles_total', help: 'Cycles run', registers });
    this.hostsUp = new Gauge({ name: 'ai_sysadmin_hosts_up', help: 'Hosts up in the last cycle', registers });
    this.hostsDown = new Gauge({ name: 'ai_sysadmin_hosts_down', help: 'Hosts down in the last cycle', registers });
    this.messagesSent = new Counter({
      name: 'ai_sysadmin_messages_sent_total',
      help: 'Notifications delivered, per notifier',
      labelNames: ['target'],
      registers,
    });
    this.messagesFailed = new Counter({
      name: 'ai_sysadmin_messages_failed_total',
      help: 'Notifications a receiver refused for good, per notifier',
      labelNames: ['target'],
      registers,
    });
    this.actions = new Counter({
      name: 'ai_sysadmin_actions_total',
      help: 'Remediation actions by outcome',
      labelNames: ['verdict'],
      registers,
    });
    new Gauge({
      name: 'ai_sysadmin_open_issues',
      help: 'Open issues by severity',
      labelNames: ['severity'],
      registers,
      collect() {
        for (const [severity, n] of Object.entries(sources.openIssues())) this.set({ severity }, n);
      },
    });
    new Gauge({
      name: 'ai_sysadmin_outbox_depth',
      help: 'Notifications waiting to be delivered, per notifier',
      labelNames: ['target'],
      registers,
      collect() {
        for (const { target, depth } of sources.outboxDepth()) this.set({ target }, depth);
      },
    });
    new Gauge({
      name: 'ai_sysadmin_llm_queue_depth',
      help: 'Jobs waiting in the LLM queue (no sample while Redis cannot be asked)',
      registers,
      async collect() {
        const depth = await sources.queueDepth();
        if (depth === null) this.reset();
        else this.set(depth);
      },
    });
    collectDefaultMetrics({ register: this.registry, prefix: 'ai_sysadmin_' });
  }
}
