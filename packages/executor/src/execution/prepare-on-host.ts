/**
 * The last checks before a command runs, done on the host it runs on: file reads
 * (`read-guard.ts`), network destinations (`destination-guard.ts`) and Nix build sources
 * (`build-source-guard.ts`). Each may refuse, and each may give the argv its checked form: the
 * resolved path, the pinned address, the resolved flake directory. What runs is that argv.
 */
import type { Classification } from '../policy/evaluate-policy.js';
import { buildSourcesOf, destinationsOf, fileAccessOf } from '../policy/allow-lists.js';
import { buildSourceProblem } from '../policy/build-sources.js';
import type { PolicyContext } from '../policy/policy-context.js';
import { mustBeWorldReadable, placeProblem } from '../policy/readable-places.js';
import { secretPathProblem } from '../policy/secret-paths.js';
import type { CommandRunner } from '../runner/command-runner.js';
import { guardBuildSources } from './build-source-guard.js';
import { guardDestinations } from './destination-guard.js';
import { type FileOperand, type GuardOutcome, guardFileReads } from './read-guard.js';

export interface PrepareOptions {
  readonly runner: CommandRunner;
  /** Where the command runs. */
  readonly host: string;
  readonly sudo: boolean;
  readonly argv: readonly string[];
  readonly classification: Classification;
  readonly context: Omit<PolicyContext, 'autonomy'>;
  /** A person approved this action: a destination outside the allow-list may then be reached. */
  readonly approvedByPerson: boolean;
}

export async function prepareOnHost(options: PrepareOptions): Promise<GuardOutcome> {
  const match = options.classification.match;
  let argv = [...options.argv];
  if (!match) return { ok: true, argv };
  const { context } = options;
  const hostOptions = { runner: options.runner, host: options.host, sudo: options.sudo };

  const files: FileOperand[] = match.recorded.paths.flatMap((p) => {
    const access = fileAccessOf(match, p);
    return access && p.at ? [{ path: p.path, access, at: p.at }] : [];
  });
  if (files.length > 0) {
    const secrets = { stateDir: context.stateDir, extraSecretPaths: context.extraSecretPaths, worldWritable: false };
    const outcome = await guardFileReads({
      ...hostOptions,
      argv,
      operands: files,
      recheck: (resolved, access) => secretPathProblem(resolved, secrets) ?? placeProblem(resolved, access, context),
      mustBeWorldReadable: (resolved) => mustBeWorldReadable(resolved, context),
    });
    if (!outcome.ok) return outcome;
    argv = outcome.argv;
  }

  const sources = buildSourcesOf(match);
  if (sources.length > 0) {
    const outcome = await guardBuildSources({
      ...hostOptions,
      argv,
      sources,
      recheck: (resolved) => buildSourceProblem(resolved, context),
    });
    if (!outcome.ok) return outcome;
    argv = outcome.argv;
  }

  const destinations = destinationsOf(match).flatMap((d) => (d.at ? [{ dest: d.dest, at: d.at }] : []));
  if (destinations.length > 0 && context.destinations) {
    const outcome = await guardDestinations({
      ...hostOptions,
      argv,
      program: match.program.program,
      operands: destinations,
      settings: context.destinations,
      approvedByPerson: options.approvedByPerson,
    });
    if (!outcome.ok) return outcome;
    argv = outcome.argv;
  }
  return { ok: true, argv };
}
