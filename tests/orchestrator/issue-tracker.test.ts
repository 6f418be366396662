/**
 * The tracker's rules on hand-made checks: one issue per (host, fingerprint), escalation,
 * resolution only after `resolveAfterChecks` clean checks of a host that was up and whose part
 * behind the finding could be read, reopening within `reopenWithinHours`, and state that survives
 * a restart of the tracker.
 */
import { describe, expect, it } from 'vitest';
import { type CheckReport, type HostSnapshot, parseConfig } from '@ai-sysadmin/core';
import { IssueStore, IssueTracker, evaluateFindings } from '@ai-sysadmin/orchestrator';
import { ok, snapshot } from '../helpers/snapshots.js';
import { tempDir } from '../rig/index.js';

const os = ok({
  id: 'debian',
  name: 'Debian',
  version: '12',
  family: 'debian' as const,
  kernel: '6.1',
  hostname: 'web1',
});
const units = (...names: string[]) =>
  ok({
    format: 'json' as const,
    failedUnits: names.map((unit) => ({
      unit,
      load: 'loaded',
      active: 'failed',
      sub: 'failed',
      description: `${unit} stand-in`,
    })),
  });
const config = parseConfig({
  issues: { resolveAfterChecks: 2, reopenWithinHours: 24 },
  criticalServices: ['postgresql'],
});

let clock = Date.parse('2025-03-01T10:00:00Z');
const at = () => new Date(clock).toISOString();

function report(...snapshots: HostSnapshot[]): CheckReport {
  clock += 5 * 60_000;
  return {
    checkedAt: at(),
    durationMs: 1,
    hosts: snapshots,
    findings: snapshots.flatMap((s) =>
      evaluateFindings(s, { thresholds: config.thresholds, criticalServices: config.criticalServices }),
    ),
    notes: [],
  };
}

const up = (host: string, ...failed: string[]) => snapshot(host, { os, systemd: units(...failed) });
const down = (host: string): HostSnapshot => ({
  ...snapshot(host, {}),
  status: 'down',
  down: { code: 'HOST_UNREACHABLE', reason: 'connection refused', hint: null },
});

function tracker(dir = tempDir('issues')) {
  return { dir, tracker: new IssueTracker(new IssueStore(dir), config, () => new Date(clock)) };
}

describe('issue tracker', () => {
  it('opens one numbered issue per host and finding, and counts it on later checks', () => {
    const { tracker: t } = tracker();
    const first = t.applyCheck(report(up('web1', 'nginx.service', 'backup.service'), up('web2', 'nginx.service')), 1);
    expect(first.map((c) => [c.kind, c.issue.id, c.issue.host, c.issue.subject])).toEqual([
      ['opened', 1, 'web1', 'nginx.service'],
      ['opened', 2, 'web1', 'backup.service'],
      ['opened', 3, 'web2', 'nginx.service'],
    ]);
    const second = t.applyCheck(report(up('web1', 'nginx.service', 'backup.service'), up('web2', 'nginx.service')), 2);
    expect(second.map((c) => c.kind)).toEqual(['seen', 'seen', 'seen']);
    expect(t.get(2)).toMatchObject({ occurrences: 2, status: 'open', severity: 'warning' });
    expect(t.get(2).timeline.map((e) => e.event)).toEqual(['opened']);
  });

  it('resolves only after two clean checks of a host that was up and could be read', () => {
    const { tracker: t } = tracker();
    t.applyCheck(report(up('web1', 'nginx.service')), 1);
    // Down, then up but with systemd unreadable: neither says anything about the unit.
    expect(t.applyCheck(report(down('web1')), 2).map((c) => [c.kind, c.issue.rule])).toEqual([['opened', 'host-down']]);
    const blind = snapshot('web1', {
      os,
      systemd: {
        status: 'unavailable',
        durationMs: 5000,
        cause: 'timeout',
        reason: 'systemd did not finish within 5 s',
      },
    });
    t.applyCheck(report(blind), 3);
    t.applyCheck(report(blind), 4);
    expect(t.get(1)).toMatchObject({ status: 'open', absentChecks: 0 });
    // The host-down issue resolved on the first check that found the host up again (after 2 of them).
    expect(t.get(2).status).toBe('resolved');
    // Two readable clean checks resolve the unit's issue, and only the second one does.
    expect(t.applyCheck(report(up('web1')), 5).filter((c) => c.kind === 'resolved')).toEqual([]);
    expect(t.get(1).absentChecks).toBe(1);
    const resolved = t.applyCheck(report(up('web1')), 6);
    // The unit's issue, and #3: systemd could not be read on checks 3 and 4, and has been read twice since.
    expect(resolved.map((c) => [c.kind, c.issue.id])).toEqual([
      ['resolved', 1],
      ['resolved', 3],
    ]);
    expect(t.get(1).timeline.map((e) => e.event)).toEqual(['opened', 'resolved']);
  });

  it('resolves a part it could not read once two checks read that part again', () => {
    const { tracker: t } = tracker();
    const slow = snapshot('web1', {
      os,
      systemd: units(),
      cpu: { status: 'unavailable', durationMs: 5000, cause: 'timeout', reason: 'cpu did not finish within 5 s' },
    });
    const opened = t.applyCheck(report(slow), 1);
    expect(opened.map((c) => [c.kind, c.issue.rule, c.issue.subject])).toEqual([['opened', 'part-failed', 'cpu']]);
    const cpuRead = snapshot('web1', {
      os,
      systemd: units(),
      cpu: ok({
        cores: 2,
        usagePct: 3,
        perCorePct: [3, 3],
        loadAverage: { one: 0.1, five: 0.1, fifteen: 0.1 },
        sampleMs: 100,
      }),
    });
    // Seen again while the part still fails; then two checks that read it resolve it, only the second.
    expect(t.applyCheck(report(slow), 2).map((c) => c.kind)).toEqual(['seen']);
    expect(t.applyCheck(report(cpuRead), 3).filter((c) => c.kind === 'resolved')).toEqual([]);
    expect(t.get(1)).toMatchObject({ status: 'open', absentChecks: 1 });
    expect(t.applyCheck(report(cpuRead), 4).map((c) => [c.kind, c.issue.id])).toEqual([['resolved', 1]]);
  });

  it('a check that finds the finding again resets the count of clean checks', () => {
    const { tracker: t } = tracker();
    t.applyCheck(report(up('web1', 'nginx.service')), 1);
    t.applyCheck(report(up('web1')), 2);
    t.applyCheck(report(up('web1', 'nginx.service')), 3);
    t.applyCheck(report(up('web1')), 4);
    expect(t.get(1)).toMatchObject({ status: 'open', absentChecks: 1 });
  });

  it('escalates when the severity rises, and records the history', () => {
    const { tracker: t } = tracker();
    const disk = (pct: number) =>
      snapshot('web1', {
        os,
        filesystems: ok([
          {
            mount: '/',
            device: '/dev/sda1',
            type: 'ext4',
            sizeBytes: 100 * 2 ** 30,
            usedBytes: pct * 2 ** 30,
            availableBytes: (100 - pct) * 2 ** 30,
            usedPct: pct,
            inodesTotal: null,
            inodesUsed: null,
            inodesUsedPct: null,
          },
        ]),
      });
    t.applyCheck(report(disk(90)), 1);
    const [change] = t.applyCheck(report(disk(97)), 2);
    expect(change).toMatchObject({ kind: 'escalated', from: 'warning', issue: { id: 1, severity: 'critical' } });
    expect(t.get(1).severityHistory.map((h) => h.severity)).toEqual(['warning', 'critical']);
  });

  it('reopens the same issue within reopenWithinHours, and opens a new one after', () => {
    const { tracker: t } = tracker();
    t.applyCheck(report(up('web1', 'nginx.service')), 1);
    t.applyCheck(report(up('web1')), 2);
    t.applyCheck(report(up('web1')), 3);
    expect(t.get(1).status).toBe('resolved');
    const [back] = t.applyCheck(report(up('web1', 'nginx.service')), 4);
    expect(back).toMatchObject({ kind: 'reopened', issue: { id: 1, status: 'open' } });
    t.applyCheck(report(up('web1')), 5);
    t.applyCheck(report(up('web1')), 6);
    clock += 25 * 3_600_000;
    const [fresh] = t.applyCheck(report(up('web1', 'nginx.service')), 7);
    expect(fresh).toMatchObject({ kind: 'opened', issue: { id: 2 } });
  });

  it('keeps its state across a restart, from the files in stateDir', () => {
    const { dir, tracker: t } = tracker();
    t.applyCheck(report(up('web1', 'nginx.service')), 1);
    t.applyCheck(report(up('web1')), 2);
    const again = new IssueTracker(new IssueStore(dir), config, () => new Date(clock));
    expect(again.get(1)).toMatchObject({ status: 'open', absentChecks: 1 });
    expect(again.applyCheck(report(up('web1')), 3).map((c) => c.kind)).toEqual(['resolved']);
    expect(again.applyCheck(report(up('web1', 'backup.service')), 4)[0]!.issue.id).toBe(2);
  });

  it('turns Alertmanager alerts into issues by their labels, and resolves them', () => {
    const { tracker: t } = tracker();
    const alert = (status: 'firing' | 'resolved') => ({
      status,
      labels: { alertname: 'HighLatency', instance: 'web1:9100', severity: 'critical' },
      annotations: { summary: 'p99 above 2 s' },
      startsAt: at(),
    });
    const [opened] = t.applyAlerts([alert('firing')]);
    expect(opened).toMatchObject({
      kind: 'opened',
      issue: { host: 'web1', source: 'alertmanager', severity: 'critical', title: 'HighLatency: p99 above 2 s' },
    });
    expect(t.applyAlerts([alert('firing')])[0]!.kind).toBe('seen');
    // A check of web1 says nothing about an alert.
    t.applyCheck(report(up('web1')), 1);
    t.applyCheck(report(up('web1')), 2);
    expect(t.get(1).status).toBe('open');
    expect(t.applyAlerts([alert('resolved')]).map((c) => [c.kind, c.issue.id])).toEqual([['resolved', 1]]);
  });
});
