/**
 * The policy: whatever the LLM says, this decides. An action is classified (forbidden shapes
 * first, then the catalog, then the site's extra shapes; anything else is refused), raised to high
 * when it touches several hosts, and the autonomy table turns its risk into a verdict.
 */
import type { AllowedCommand, AutonomyLevel } from '@ai-sysadmin/core';
import { argumentProblem, codePoint } from '@ai-sysadmin/command-patterns';
import { type ShapeMatch, matchShape } from './argv-shape.js';
import { REMOTE_PROGRAMS, findProgram } from './catalog/index.js';
import { applyAllowLists } from './allow-lists.js';
import { matchCriticalUnit } from './critical-services.js';
import { forbiddenReason } from './forbidden-shapes.js';
import { normalisePath } from './normalise.js';
import type { PolicyContext } from './policy-context.js';
import { type PolicyDecision, type Risk, graverRisk } from './risk.js';
import { verdictFor } from './autonomy-table.js';
import { LOCAL_HOST } from '@ai-sysadmin/core';

export interface PolicyAction {
  readonly argv: readonly string[];
  readonly host?: string;
  /** Several hosts: the action is high risk at least (unless it only reads). */
  readonly hosts?: readonly string[];
  readonly sudo?: boolean;
}

export interface Classification {
  readonly risk: Risk;
  /** What the command was recognised as and why it has this risk. */
  readonly reason: string;
  /** The program name (a system-directory path reduced to its base name). */
  readonly program?: string;
  /** The catalog shape it matched. */
  readonly match?: ShapeMatch;
  /** The site's shape it matched. */
  readonly extra?: AllowedCommand;
  /** A person must approve it at every autonomy level (a destination outside the allow-list): why. */
  readonly personRequired?: string;
}

export const MAX_ARGS = 256;
export const MAX_ARG_LENGTH = 4096;
export const MAX_ARGV_LENGTH = 16_384;

/** Directories a program may be named from by absolute path; anywhere else could be anything. */
export const SYSTEM_BIN_DIRS = [
  '/run/current-system/sw/bin',
  '/run/current-system/sw/sbin',
  '/run/wrappers/bin',
  '/nix/var/nix/profiles/default/bin',
  '/usr/bin',
  '/bin',
  '/usr/sbin',
  '/sbin',
  '/usr/local/bin',
  '/usr/local/sbin',
];

export function evaluatePolicy(action: PolicyAction, context: PolicyContext): PolicyDecision {
  const hosts = actionHosts(action);
  const unknown = context.knownHosts ? hosts.find((h) => !context.knownHosts!.includes(h)) : undefined;
  if (unknown !== undefined) {
    return deny(`no managed system is named ${JSON.stringify(unknown)} (known: ${context.knownHosts!.join(', ')})`);
  }
  const classification = classifyCommand(action.argv, context, hosts[0]);
  let { risk } = classification;
  let reason = classification.reason;
  if (hosts.length > 1 && risk !== 'read-only' && risk !== 'forbidden') {
    risk = 'high';
    reason += `; it changes ${hosts.length} hosts at once (${hosts.join(', ')}), which is high risk`;
  }
  return decide(risk, reason, context.autonomy, classification.personRequired);
}

export function actionHosts(action: Pick<PolicyAction, 'host' | 'hosts'>): string[] {
  const hosts = action.hosts && action.hosts.length > 0 ? action.hosts : [action.host ?? LOCAL_HOST];
  return [...new Set(hosts)];
}

function decide(risk: Risk, reason: string, autonomy: AutonomyLevel, personRequired?: string): PolicyDecision {
  const byTable = verdictFor(autonomy, risk);
  if (risk === 'forbidden') return { verdict: byTable, risk, reason: `${reason}. Never run, at any autonomy level.` };
  const verdict = personRequired && byTable === 'run' ? 'approval' : byTable;
  const what = risk === 'read-only' ? 'read-only' : `${risk}-risk`;
  const tail =
    verdict === 'run'
      ? `autonomy ${autonomy} runs ${what} actions`
      : verdict === 'approval'
        ? byTable === 'run'
          ? 'a person approves it at every autonomy level'
          : `autonomy ${autonomy} asks a person to approve ${what} actions`
        : `autonomy ${autonomy} runs only read-only actions`;
  return { verdict, risk, reason: `${reason} (${risk}); ${tail}.` };
}

function deny(reason: string): PolicyDecision {
  return { verdict: 'deny', risk: 'forbidden', reason: `${reason}. Never run, at any autonomy level.` };
}

/** The risk of one argv on one host and why, whatever the autonomy. */
export function classifyCommand(
  argv: readonly string[],
  context: Omit<PolicyContext, 'autonomy'>,
  host = 'local',
): Classification {
  const refuse = (reason: string, program?: string): Classification => ({
    risk: 'forbidden',
    reason,
    ...(program ? { program } : {}),
  });
  const sizeProblem = argvSizeProblem(argv);
  if (sizeProblem) return refuse(sizeProblem);
  const named = programName(argv[0]!);
  if ('problem' in named) return refuse(named.problem);
  const { program } = named;
  const args = argv.slice(1);

  const forbidden = forbiddenReason(program, args, context);
  if (forbidden) return refuse(forbidden, program);
  if (REMOTE_PROGRAMS.has(program)) {
    return refuse(
      `\`${program}\` is not run from a command line; another machine is reached by naming a managed system as the action's host`,
      program,
    );
  }

  const spec = findProgram(program);
  let catalogProblem: string | undefined;
  if (spec) {
    const base = {
      secrets: { stateDir: context.stateDir, extraSecretPaths: context.extraSecretPaths },
      remoteSystems: context.remoteSystems ?? [],
      sshUser: context.sshUser,
    };
    const problems: Array<{ id: string; problem: string }> = [];
    for (const shape of spec.shapes) {
      const attempt = matchShape(spec, shape, args, base);
      if (attempt.ok) return fromShape(attempt.match, context, host);
      if (attempt.wordsMatched) problems.push({ id: shape.id, problem: attempt.problem });
    }
    catalogProblem =
      shapeProblem(program, problems) ??
      `\`${program}\` is allowed only as: ${spec.shapes.map((s) => s.id).join('; ')}`;
  }

  const extra = (context.extraAllowedCommands ?? []).find((e) => matchesExtra(e, program, args));
  if (extra) {
    return {
      risk: extra.risk,
      reason: `\`${[program, ...extra.args].join(' ')}${extra.allowMoreArgs ? ' ...' : ''}\` is allowed by the site's extraAllowedCommands${extra.description ? ` (${extra.description})` : ''}`,
      program,
      extra,
    };
  }
  if (catalogProblem) return refuse(`not an allowed shape of \`${program}\`: ${catalogProblem}`, program);
  return refuse(`\`${program}\` is not in the allow-list`, program);
}

function fromShape(match: ShapeMatch, context: Omit<PolicyContext, 'autonomy'>, host: string): Classification {
  const { shape, program } = match;
  let risk = shape.risk;
  let reason = `\`${shape.id}\`: ${shape.summary}`;
  if (match.units.length > 0) reason += ` (${match.units.join(', ')})`;
  const lists = applyAllowLists(match, host, risk, context);
  if (lists.refuse) return { risk: 'forbidden', reason: `${reason}: ${lists.refuse}`, program: program.program, match };
  risk = lists.risk;
  for (const why of lists.reasons) reason += `; ${why}`;
  if (shape.criticalUnitRisk) {
    const critical = match.units.map((u) => matchCriticalUnit(u, context)).find((m) => m !== undefined);
    if (critical) {
      risk = graverRisk(risk, shape.criticalUnitRisk);
      reason += `; ${critical.because}`;
    }
  }
  return {
    risk,
    reason,
    program: program.program,
    match,
    ...(lists.personRequired ? { personRequired: lists.personRequired } : {}),
  };
}

/**
 * The most useful reason among the shapes whose words matched: the problem they all share, or
 * the last one's (shapes go from specific, with required options, to general).
 */
function shapeProblem(program: string, problems: Array<{ id: string; problem: string }>): string | undefined {
  if (problems.length === 0) return undefined;
  if (problems.every((p) => p.problem === problems[0]!.problem)) return `${program}: ${problems[0]!.problem}`;
  const last = problems.at(-1)!;
  return `${last.id}: ${last.problem}`;
}

function matchesExtra(extra: AllowedCommand, program: string, args: readonly string[]): boolean {
  if (extra.program !== program) return false;
  if (!extra.args.every((a, i) => args[i] === a)) return false;
  return extra.allowMoreArgs ? args.length >= extra.args.length : args.length === extra.args.length;
}

function argvSizeProblem(argv: readonly string[]): string | undefined {
  if (argv.length === 0) return 'the command is empty';
  if (argv.length > MAX_ARGS) return `the command has ${argv.length} arguments; at most ${MAX_ARGS} are accepted`;
  const long = argv.findIndex((a) => a.length > MAX_ARG_LENGTH);
  if (long >= 0)
    return `argument ${long} is ${argv[long]!.length} characters long; at most ${MAX_ARG_LENGTH} are accepted`;
  const total = argv.reduce((n, a) => n + a.length, 0);
  if (total > MAX_ARGV_LENGTH)
    return `the command is ${total} characters long; at most ${MAX_ARGV_LENGTH} are accepted`;
  const broken = argv.map((a, i) => [i, argumentProblem(a)] as const).find(([, p]) => p !== undefined);
  if (broken) return `argument ${broken[0]} ${broken[1]}`;
  return undefined;
}

function programName(word: string): { program: string } | { problem: string } {
  const odd = [...word].find((ch) => ch.codePointAt(0)! > 0x7e || ch.codePointAt(0)! < 0x21);
  if (odd) {
    return {
      problem: `the program name ${JSON.stringify(word)} has the character ${codePoint(odd.codePointAt(0)!)}; program names are plain ASCII (a look-alike letter names a different program)`,
    };
  }
  if (!word.includes('/')) return { program: word };
  const path = normalisePath(word);
  if (path) {
    const dir = path.slice(0, path.lastIndexOf('/')) || '/';
    if (SYSTEM_BIN_DIRS.includes(dir)) return { program: path.slice(path.lastIndexOf('/') + 1) };
  }
  return {
    problem: `the program ${JSON.stringify(word)} is not in a system directory (${SYSTEM_BIN_DIRS.slice(0, 4).join(', ')}, ...); name it bare so the host's PATH finds it`,
  };
}
