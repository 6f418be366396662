/**
 * The agent's seam: a subscriber hears of every issue opened or escalated, may set it
 * `investigating` and add a diagnosis, and the message waits for it at most `hooks.waitMs`.
 * (No agent here: the subscriber is the test's.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertmanagerPayload } from '@ai-sysadmin/core';
import type { Daemon } from '@ai-sysadmin/orchestrator';
import { type GotifyReceiver, startGotify, waitUntil } from '../rig/index.js';
import { daemonConfig, gotifyConfig, startDaemon } from '../helpers/daemon-rig.js';

let gotify: GotifyReceiver;
let daemon: Daemon;

beforeAll(async () => {
  gotify = await startGotify();
  ({ daemon } = await startDaemon(await daemonConfig({ gotify: gotifyConfig(gotify) })));
});
afterAll(async () => {
  await daemon?.stop();
  await gotify?.stop();
});

const alert = (name: string): AlertmanagerPayload => ({
  version: '4',
  groupKey: name,
  truncatedAlerts: 0,
  status: 'firing',
  receiver: 'ai',
  groupLabels: {},
  commonLabels: {},
  commonAnnotations: {},
  externalURL: '',
  alerts: [
    {
      status: 'firing',
      labels: { alertname: name, host: 'nas', severity: 'critical' },
      annotations: {},
      startsAt: '2025-03-01T10:00:00Z',
    },
  ],
});

describe('issue hooks', () => {
  it('a diagnosis ready within waitMs goes into the first message; a slow one does not hold it up', async () => {
    daemon.hooks.waitMs = 2000;
    const seen: string[] = [];
    const off = daemon.hooks.onIssueNeedsAttention(async ({ kind, issue }, signal) => {
      seen.push(`${kind} #${issue.id}`);
      daemon.tracker.setStatus(issue.id, 'investigating');
      // A slow one is still at work when the cycle stops waiting, which the signal says.
      if (issue.subject === 'SlowDiagnosis')
        return new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve()));
      daemon.tracker.setDiagnosis(issue.id, 'the RAID is rebuilding', 'test-agent');
    });
    try {
      await daemon.alertmanager(alert('QuickDiagnosis'));
      const started = Date.now();
      await daemon.alertmanager(alert('SlowDiagnosis'));
      const waited = Date.now() - started;
      await waitUntil('two messages', () => gotify.messages.length === 2);
      expect(seen).toEqual(['opened #1', 'opened #2']);
      expect(gotify.messages[0]!.message).toContain('diagnosis: the RAID is rebuilding');
      expect(gotify.messages[1]!.message).not.toContain('diagnosis');
      expect(waited).toBeLessThan(60_000);
      expect(daemon.tracker.get(1)).toMatchObject({
        status: 'investigating',
        diagnosis: { text: 'the RAID is rebuilding', by: 'test-agent' },
      });
    } finally {
      off();
    }
  });
});
