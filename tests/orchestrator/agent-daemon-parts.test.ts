/**
 * The daemon's agent parts that need no server: chat sessions on disk (atomic, the oldest go past
 * maxSessions, bad ids found nowhere), configRepo chunks and HEAD read from git's files (a
 * branch, packed refs, a detached HEAD), and the lesson of a resolved issue read from a real
 * audit log written by the AuditLog (an action that held, one that did not); autonomous
 * diagnosis grouping issues by host within agent.maxRunsPerCycle, and starting nothing without
 * the model.
 */
import { readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type Issue, createLogger, parseConfig } from '@ai-sysadmin/core';
import { AuditLog } from '@ai-sysadmin/executor';
import {
  type Agent,
  type AgentRequest,
  AutonomousDiagnosis,
  CHUNK_LINES,
  ChatSessionStore,
  IssueHooks,
  IssueStore,
  IssueTracker,
  chunksOf,
  gitHead,
  lessonFor,
  resolutionOf,
} from '@ai-sysadmin/orchestrator';
import { tempDir } from '../rig/index.js';
import { gitRepo } from '../helpers/git-repo.js';

describe('chat sessions on disk', () => {
  it('keep every turn across a new store (a restart), and the oldest go past maxSessions', () => {
    const dir = tempDir('sessions');
    const store = new ChatSessionStore(dir, 2);
    store.append('session-aaaa', { role: 'user', text: 'hello' });
    store.append('session-aaaa', { role: 'assistant', text: 'hi' });
    const again = new ChatSessionStore(dir, 2);
    expect(again.get('session-aaaa').turns.map((t) => t.text)).toEqual(['hello', 'hi']);
    expect(again.list()).toMatchObject([{ session: 'session-aaaa', turns: 2, firstMessage: 'hello' }]);

    utimesSync(join(dir, 'session-aaaa.json'), new Date(1000), new Date(1000));
    again.append('session-bbbb', { role: 'user', text: 'b' });
    again.append('session-cccc', { role: 'user', text: 'c' });
    expect(
      again
        .list()
        .map((s) => s.session)
        .sort(),
    ).toEqual(['session-bbbb', 'session-cccc']);
    // Written whole: no temporary file is left beside them.
    expect(readdirSync(dir).sort()).toEqual(['session-bbbb.json', 'session-cccc.json']);
    expect(again.find('../etc/passwd')).toBeUndefined();
    expect(() => again.get('session-aaaa')).toThrow(/no chat session "session-aaaa"/);
  });
});

describe('configRepo index parts', () => {
  it('chunks a file by CHUNK_LINES with its path and line range', () => {
    const text = Array.from({ length: CHUNK_LINES + 5 }, (_, i) => `line ${i + 1}`).join('\n') + '\n';
    const chunks = chunksOf('hosts/web1.nix', text);
    expect(chunks.map((c) => [c.id, c.metadata])).toEqual([
      ['config:hosts/web1.nix:0', { path: 'hosts/web1.nix', startLine: 1, endLine: CHUNK_LINES }],
      ['config:hosts/web1.nix:1', { path: 'hosts/web1.nix', startLine: CHUNK_LINES + 1, endLine: CHUNK_LINES + 5 }],
    ]);
    expect(chunks[1]!.document.split('\n')[0]).toBe(`hosts/web1.nix lines ${CHUNK_LINES + 1}-${CHUNK_LINES + 5}`);
    expect(chunks[1]!.document).toContain(`line ${CHUNK_LINES + 5}`);
  });

  it('reads HEAD as git does: a branch, packed refs, a detached HEAD', () => {
    const { dir: repo, git } = gitRepo('head-repo');
    writeFileSync(join(repo, 'flake.nix'), '{}\n');
    git('add', '.');
    git('commit', '-qm', 'one');
    const head = git('rev-parse', 'HEAD');
    expect(gitHead(repo)).toBe(head);
    git('pack-refs', '--all');
    expect(gitHead(repo)).toBe(head);
    git('checkout', '-q', '--detach');
    expect(gitHead(repo)).toBe(head);
  });
});

describe('lessons from the audit trail', () => {
  const issue = (over: Partial<Issue> = {}): Issue =>
    ({
      id: 7,
      host: 'web1',
      rule: 'failed-unit',
      subject: 'nginx.service',
      title: 'nginx.service failed on web1',
      status: 'resolved',
      resolvedAt: '2026-12-01T10:00:00.000Z',
      diagnosis: { at: '2026-12-01T09:00:00.000Z', text: 'nginx exited after a config reload', by: 'agent' },
      ...over,
    }) as Issue;

  function auditWith(
    held: boolean | null,
    exitCode = 0,
    request = { kind: 'issue' as const, text: 'issue #7', issueId: '7' },
  ) {
    const audit = new AuditLog(join(tempDir('audit'), 'audit.jsonl'));
    const base = {
      ref: 'ref-1',
      hosts: ['web1'],
      argv: ['systemctl', 'restart', 'nginx.service'],
      request,
    };
    audit.append({ type: 'proposal', ...base, reason: 'it exited' });
    audit.append({ type: 'execution', ...base, host: 'web1', result: { exitCode } });
    audit.append({
      type: 'verification',
      ...base,
      host: 'web1',
      verification: {
        spec: { kind: 'unit-active', units: ['nginx.service'] },
        held,
        detail: 'nginx.service is active',
      },
    });
    // Another issue's action is never this issue's lesson.
    audit.append({ type: 'proposal', ...base, ref: 'ref-2', request: { ...base.request, issueId: '8' } });
    return audit.read().entries;
  }

  it('an action that ran and held on a resolved issue is a lesson with the issue words, the diagnosis and the fix', () => {
    const lesson = lessonFor(issue(), auditWith(true))!;
    expect(lesson).toMatchObject({
      id: 'lesson-7-ref-1',
      issueId: 7,
      topic: 'failed-unit nginx.service on web1: systemctl restart nginx.service fixed it',
    });
    expect(lesson.content).toContain('Issue #7 on web1: nginx.service failed on web1.');
    expect(lesson.content).toContain('Diagnosis: nginx exited after a config reload');
    expect(lesson.content).toContain('What fixed it: `systemctl restart nginx.service` on web1');
    expect(resolutionOf(issue(), auditWith(true))).toContain('fixed by `systemctl restart nginx.service` on web1');
  });

  it('an action of a run about several issues of the host counts for the issue whose subject it names', () => {
    const run = {
      kind: 'issue' as const,
      text: 'Diagnose these 2...\n- issue #6 (disk)\n- issue #7 (nginx)',
      issueId: '6',
    };
    expect(lessonFor(issue(), auditWith(true, 0, run))?.id).toBe('lesson-7-ref-1');
    expect(lessonFor(issue({ id: 5 }), auditWith(true, 0, run))).toBeNull();
    expect(lessonFor(issue({ subject: 'cups.service' }), auditWith(true, 0, run))).toBeNull();
  });

  it('no lesson when the check did not hold, the run failed, or the issue is still open', () => {
    expect(lessonFor(issue(), auditWith(false))).toBeNull();
    expect(lessonFor(issue(), auditWith(null))).toBeNull();
    expect(lessonFor(issue(), auditWith(true, 1))).toBeNull();
    expect(lessonFor(issue({ status: 'open', resolvedAt: null }), auditWith(true))).toBeNull();
    expect(resolutionOf(issue({ diagnosis: null }), auditWith(false))).toBeNull();
  });
});

describe('autonomous diagnosis: grouping and limits', () => {
  /** An Agent that records what it was asked and answers at once (the real one needs the model; the daemon tests use it). */
  function recordingAgent() {
    const asked: AgentRequest[] = [];
    const agent: Agent = {
      run: async (request) => {
        asked.push(request);
        return { answer: `diagnosed ${request.host}`, steps: 1, promptTokens: 10, durationMs: 1, actions: [] };
      },
    };
    return { agent, asked };
  }

  function setUp(maxRunsPerCycle: number, away: string | null = null) {
    const config = parseConfig({ stateDir: tempDir('diag-state'), agent: { maxRunsPerCycle } });
    const tracker = new IssueTracker(new IssueStore(tempDir('diag-issues')), config);
    const { agent, asked } = recordingAgent();
    const hooks = new IssueHooks();
    hooks.waitMs = 5000;
    const diagnosis = new AutonomousDiagnosis({
      agent: () => agent,
      tracker,
      config: () => config,
      logger: createLogger({ level: 'silent', component: 'test' }),
      modelAway: async () => away,
    });
    diagnosis.subscribe(hooks);
    const alert = (host: string, name: string) => ({
      status: 'firing' as const,
      labels: { alertname: name, host },
      annotations: {},
      startsAt: new Date().toISOString(),
    });
    const open = (...alerts: ReturnType<typeof alert>[]) =>
      hooks.emit(tracker.applyAlerts(alerts).map((c) => ({ kind: c.kind as 'opened', issue: c.issue, cycle: 1 })));
    return { tracker, asked, open, alert };
  }

  it('related issues of one host share one run; past maxRunsPerCycle the others say why', async () => {
    const { tracker, asked, open, alert } = setUp(2);
    await open(alert('a', 'DiskFull'), alert('a', 'LoadHigh'), alert('b', 'DiskFull'), alert('c', 'DiskFull'));
    expect(asked.map((r) => [r.mode, r.host, r.issueIds])).toEqual([
      ['diagnosis', 'a', [1, 2]],
      ['diagnosis', 'b', [3]],
    ]);
    expect(asked[0]!.message).toContain('issue #1');
    expect(asked[0]!.message).toContain('issue #2');
    expect(tracker.get(1)).toMatchObject({ status: 'investigating', diagnosis: { text: 'diagnosed a', by: 'agent' } });
    expect(tracker.get(4).diagnosis).toBeNull();
    expect(tracker.get(4).timeline.at(-1)!.text).toContain('agent.maxRunsPerCycle (2)');
  });

  it('with the model away nothing runs and the issues stay open', async () => {
    const { tracker, asked, open, alert } = setUp(3, 'ollama is down: connection refused');
    await open(alert('a', 'DiskFull'));
    expect(asked).toEqual([]);
    expect(tracker.get(1)).toMatchObject({ status: 'open', diagnosis: null });
  });
});
