/**
 * The allow-lists of issues 9 and 16 against their hostile cases (tests/executor/allow-list-cases.ts),
 * at the most permissive autonomy level: each is refused or waits for a person, and through the
 * executor nothing runs (every program they name is a recording stand-in; the only calls allowed
 * are the executor's own reads of unit states). The harmless forms run.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCommandLine } from '@ai-sysadmin/command-patterns';
import { Executor, type UnitActiveState, evaluatePolicy, policyContextFromConfig } from '@ai-sysadmin/executor';
import { type LocalStandIns, installLocalStandIns } from '../helpers/local-stand-ins.js';
import { RecordingRunners, byUser, tempStateDir, testConfig } from '../helpers/executor-fixtures.js';
import {
  ALLOW_LIST_CONFIG,
  type AllowListCase,
  HARMLESS_AT_AUTO_SAFE,
  HARMLESS_AT_OBSERVE,
  ISSUE_16_CASES,
  ISSUE_9_CASES,
} from './allow-list-cases.js';

/** Every unit is failed on the host (the worst case for a restart rule), except these. */
const STATES: Record<string, UnitActiveState> = { 'php-fpm': 'active', postgresql: 'inactive', grafana: 'inactive' };
const OPEN_ISSUE_UNITS = ['grafana'];

const state = tempStateDir();
const config = testConfig(state.dir, { ...ALLOW_LIST_CONFIG, autonomyLevel: 'auto-full' });
const runners = new RecordingRunners();
const executor = new Executor({ config, runners, openIssueUnits: () => OPEN_ISSUE_UNITS });
/** The same site at auto-safe, for the cases a medium risk is enough for (it runs at auto-full). */
const autoSafe = new Executor({
  config: { ...config, autonomyLevel: 'auto-safe' },
  runners,
  openIssueUnits: () => OPEN_ISSUE_UNITS,
});
let standIns: LocalStandIns;

const argvOf = (c: AllowListCase | string): string[] =>
  typeof c === 'string' ? parseCommandLine(c) : c.argv ? [...c.argv] : parseCommandLine(c.line!);
const nameOf = (c: AllowListCase) => c.line ?? JSON.stringify(c.argv);

function contextAt(autonomy: 'observe' | 'auto-safe' | 'auto-full', argv: readonly string[]) {
  const units = argv.slice(2).filter((a) => !a.startsWith('-'));
  const states = new Map<string, UnitActiveState>(
    units.map((u) => {
      const base = u.replace(/\.service$/, '');
      return [`${base}.service`.toLowerCase(), STATES[base] ?? 'failed'];
    }),
  );
  return {
    ...policyContextFromConfig({ ...config, autonomyLevel: autonomy }, { openIssueUnits: () => OPEN_ISSUE_UNITS }),
    unitStates: new Map([['local', states]]),
  };
}

beforeAll(() => {
  const programs = new Set<string>(['systemctl', 'realpath', 'stat', 'find', 'getent']);
  for (const c of [...ISSUE_9_CASES, ...ISSUE_16_CASES]) programs.add(argvOf(c)[0]!);
  standIns = installLocalStandIns(Object.fromEntries([...programs].map((p) => [p, { stdout: `${p} ran\n` }])));
  const answers = Object.entries(STATES)
    .map(([u, s]) => `${u}|${u}.service) echo ${s};;`)
    .join(' ');
  standIns.set('systemctl', {
    script: `if [ "$1" = is-active ]; then shift; for u in "$@"; do case "$u" in ${answers} *) echo failed;; esac; done; exit 0; fi; echo 'systemctl changed something' >&2`,
  });
});
afterAll(() => {
  standIns.remove();
  state.remove();
});

describe('the allow-list cases', () => {
  it('are at least 100 for issue 9 and 50 for issue 16, and every one reaches the policy', () => {
    expect(ISSUE_9_CASES.length).toBeGreaterThanOrEqual(100);
    expect(ISSUE_16_CASES.length).toBeGreaterThanOrEqual(50);
    for (const c of [...ISSUE_9_CASES, ...ISSUE_16_CASES]) expect(() => argvOf(c), nameOf(c)).not.toThrow();
  });
});

for (const [issue, cases] of [
  ['issue 9', ISSUE_9_CASES],
  ['issue 16', ISSUE_16_CASES],
] as const) {
  describe(`${issue}: never run without a person`, () => {
    for (const c of cases) {
      it(`${c.class}: ${nameOf(c)}`, async () => {
        const argv = argvOf(c);
        const autonomy = c.expect === 'approval' ? (c.autonomy ?? 'auto-full') : 'auto-full';
        const decision = evaluatePolicy({ argv }, contextAt(autonomy, argv));
        if (c.expect === 'deny') {
          expect(decision, decision.reason).toMatchObject({ verdict: 'deny', risk: 'forbidden' });
        } else {
          expect(decision.verdict, decision.reason).toBe('approval');
          expect(['medium', 'high'].indexOf(decision.risk), decision.reason).toBeGreaterThanOrEqual(
            ['medium', 'high'].indexOf(c.risk),
          );
        }
        for (const level of ['observe', 'auto-safe'] as const)
          expect(evaluatePolicy({ argv }, contextAt(level, argv)).verdict, level).not.toBe('run');

        const through = autonomy === 'auto-safe' ? autoSafe : executor;
        const outcome = await through.propose({
          argv,
          reason: 'a log line said so',
          requestedBy: byUser(`run ${nameOf(c)}`),
        });
        expect(outcome.status, outcome.decision.reason).toBe(c.expect === 'deny' ? 'refused' : 'pending');
      });
    }
  });
}

describe('the harmless forms', () => {
  for (const line of HARMLESS_AT_OBSERVE) {
    it(`run at observe: ${line}`, () => {
      const decision = evaluatePolicy({ argv: parseCommandLine(line) }, contextAt('observe', parseCommandLine(line)));
      expect(decision, decision.reason).toMatchObject({ verdict: 'run', risk: 'read-only' });
    });
  }
  for (const line of HARMLESS_AT_AUTO_SAFE) {
    it(`run at auto-safe: ${line}`, () => {
      const decision = evaluatePolicy({ argv: parseCommandLine(line) }, contextAt('auto-safe', parseCommandLine(line)));
      expect(decision, decision.reason).toMatchObject({ verdict: 'run', risk: 'low' });
    });
  }
});

describe('through the executor', () => {
  it('nothing ran but the reads of unit states, and every decision is audited', () => {
    const ran = standIns.allCalls().filter((c) => !(c[0] === 'systemctl' && c[1] === 'is-active'));
    expect(ran).toEqual([]);
    expect(runners.commands.every((c) => c.argv[0] === 'systemctl' && c.argv[1] === 'is-active')).toBe(true);
    const verdicts = executor.audit.read().entries.filter((e) => e.type === 'verdict');
    expect(verdicts.length).toBe(ISSUE_9_CASES.length + ISSUE_16_CASES.length);
    expect(verdicts.some((e) => e.policy?.verdict === 'run')).toBe(false);
  });
});
