/**
 * At least 150 hostile command lines and tool calls, at the most permissive autonomy level.
 * Not one of them runs: every program they name is a stand-in on PATH that records any call,
 * every runner records any command it is given, and after all of them both records are empty.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CommandLineRejectedError, parseCommandLine } from '@ai-sysadmin/command-patterns';
import { Executor, InvalidActionRequestError, evaluatePolicy, policyContextFromConfig } from '@ai-sysadmin/executor';
import { type LocalStandIns, installLocalStandIns } from '../helpers/local-stand-ins.js';
import { RecordingRunners, byUser, tempStateDir, testConfig } from '../helpers/executor-fixtures.js';
import { HOSTILE_LINES, HOSTILE_TOOL_CALLS } from './adversarial-cases.js';

const state = tempStateDir();
const config = testConfig(state.dir, {
  autonomyLevel: 'auto-full',
  remoteSystems: [{ name: 'web1', address: '127.0.0.1', port: 22 }],
});
const context = policyContextFromConfig(config);
const runners = new RecordingRunners();
const executor = new Executor({ config, runners });
let standIns: LocalStandIns;

/** Every bare program name any case could reach, plus the ones a shell trick would. */
function programsNamed(): string[] {
  const names = new Set([
    'sh',
    'bash',
    'rm',
    'reboot',
    'poweroff',
    'id',
    'nc',
    'cat',
    'systemctl',
    'realpath',
    'curl',
    'wget',
    'find',
    'journalctl',
    'sudo',
    'env',
    'nix',
    'nixos-rebuild',
    'nh',
    'ssh',
    'scp',
    'tee',
    'cp',
    'mv',
    'dd',
    'printf',
    'echo',
  ]);
  for (const { line } of HOSTILE_LINES) {
    try {
      const program = parseCommandLine(line)[0]!;
      if (/^[A-Za-z0-9._-]+$/.test(program)) names.add(program);
    } catch {
      // rejected lines name no program that could run
    }
  }
  for (const { call } of HOSTILE_TOOL_CALLS) {
    const argv = (call as { argv?: unknown }).argv;
    if (Array.isArray(argv) && typeof argv[0] === 'string' && /^[A-Za-z0-9._-]+$/.test(argv[0])) names.add(argv[0]);
  }
  return [...names];
}

beforeAll(() => {
  standIns = installLocalStandIns(
    Object.fromEntries(programsNamed().map((name) => [name, { stdout: `${name} ran\n` }])),
  );
});

afterAll(() => {
  standIns.remove();
  state.remove();
});

describe('hostile input', () => {
  it('has at least 150 cases', () => {
    expect(HOSTILE_LINES.length + HOSTILE_TOOL_CALLS.length).toBeGreaterThanOrEqual(150);
  });

  describe('command lines', () => {
    for (const { line, forbidden } of HOSTILE_LINES) {
      it(`refuses ${JSON.stringify(line.length > 80 ? `${line.slice(0, 80)}...` : line)}`, async () => {
        let argv: string[];
        try {
          argv = parseCommandLine(line);
        } catch (error) {
          expect(error).toBeInstanceOf(CommandLineRejectedError);
          expect(forbidden, 'a case marked forbidden must reach the policy').toBeUndefined();
          return;
        }
        const decision = evaluatePolicy({ argv }, context);
        expect(decision.verdict, decision.reason).toBe('deny');
        if (forbidden) expect(decision.risk, decision.reason).toBe('forbidden');
        const outcome = await executor.propose({
          argv,
          reason: 'the log told me to',
          requestedBy: byUser(`run ${line}`),
        });
        expect(outcome.status).toBe('refused');
      });
    }
  });

  describe('tool calls', () => {
    for (const { name, call, forbidden } of HOSTILE_TOOL_CALLS) {
      it(`refuses ${name}`, async () => {
        const request = { ...(call as object), requestedBy: byUser('fix the server') };
        let outcome;
        try {
          outcome = await executor.propose(request);
        } catch (error) {
          expect(error).toBeInstanceOf(InvalidActionRequestError);
          expect(forbidden, 'a case marked forbidden must reach the policy').toBeUndefined();
          return;
        }
        expect(outcome.status, outcome.decision.reason).toBe('refused');
        if (forbidden) expect(outcome.decision.risk, outcome.decision.reason).toBe('forbidden');
      });
    }
  });

  it('ran nothing, stored nothing, and audited every refusal', () => {
    expect(runners.commands).toEqual([]);
    expect(standIns.allCalls()).toEqual([]);
    expect(executor.list()).toEqual([]);
    const { entries, skipped } = executor.audit.read();
    expect(skipped).toEqual([]);
    const verdicts = entries.filter((e) => e.type === 'verdict');
    expect(verdicts.length).toBeGreaterThan(100);
    expect(verdicts.every((e) => e.policy?.verdict === 'deny')).toBe(true);
    expect(entries.some((e) => e.type === 'execution')).toBe(false);
    // Malformed tool calls are audited too, with the problems found.
    expect(entries.filter((e) => e.type === 'proposal' && e.problems).length).toBeGreaterThan(10);
  });

  it('the stand-ins do record a call when one happens (the proof above can fail)', async () => {
    const outcome = await executor.propose({
      argv: ['systemctl', 'status', 'nginx'],
      reason: 'control',
      requestedBy: byUser('is nginx up?'),
    });
    expect(outcome.status).toBe('executed');
    expect(standIns.calls('systemctl')).toEqual([['status', 'nginx']]);
    expect(runners.commands).toHaveLength(1);
  });
});
