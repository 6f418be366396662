/**
 * The allow-lists applied to a command once its shape matched: where file tools may read, where
 * network tools may go, where Nix may build from, which tag logger may use, and what a unit start
 * or restart is worth. Each either refuses the command (with the reason and the option that
 * extends the list), raises its risk, or says a person is needed whatever the autonomy level.
 * The same rules run again on the host when the command is about to run (`execution/`).
 */
import type { ShapeMatch } from './argv-shape.js';
import { type BuildSourceSettings, DEFAULT_NIXOS_CONFIG_DIR, buildSourceProblem } from './build-sources.js';
import { type DestinationSettings, destinationDecision } from './destinations.js';
import { type LoggerIdentitySettings, loggerMessageProblem, loggerTagProblem } from './logger-identity.js';
import { type FileAccess, type ReadablePlaceSettings, placeProblem } from './readable-places.js';
import { type Risk, graverRisk } from './risk.js';
import { type UnitRiskSettings, unitChangeRisk } from './unit-risk.js';
import type { RecordedPath } from './value-kinds.js';

export interface AllowListSettings
  extends ReadablePlaceSettings, BuildSourceSettings, UnitRiskSettings, LoggerIdentitySettings {
  readonly destinations?: DestinationSettings;
}

export interface AllowListOutcome {
  /** Never run: why. */
  readonly refuse?: string;
  readonly risk: Risk;
  readonly reasons: readonly string[];
  /** Needs a person's approval at every autonomy level: why. */
  readonly personRequired?: string;
}

/** Programs whose content paths are read, and what listing tools do with their paths. */
const CONTENT_READERS = new Set(['cat', 'head', 'tail', 'wc', 'grep']);

/** What a file tool does with one recorded path; undefined for tools that only name a mount, a device or a file to look up (df, du, findmnt, lsblk, lsof). */
export function fileAccessOf(match: ShapeMatch, recorded: RecordedPath): FileAccess | undefined {
  const program = match.program.program;
  if (recorded.kind === 'content') return CONTENT_READERS.has(program) ? 'content' : undefined;
  if (program === 'ls') return match.options.has('-R') ? 'list-deep' : 'list-shallow';
  if (program === 'stat') return 'list-shallow';
  if (program === 'find') return 'list-deep';
  return undefined;
}

/** The flake directories a build reads: named ones, or /etc/nixos for nixos-rebuild without --flake. */
export function buildSourcesOf(
  match: ShapeMatch,
): Array<{ dir: string; suffix: string; at?: ShapeMatch['recorded']['flakes'][number]['at'] }> {
  const named = match.recorded.flakes.map((f) => ({ dir: f.dir, suffix: f.suffix, ...(f.at ? { at: f.at } : {}) }));
  if (named.length === 0 && match.shape.buildsSystem) return [{ dir: DEFAULT_NIXOS_CONFIG_DIR, suffix: '' }];
  return named;
}

/** The destinations a command reaches, with the port a DNS server is asked on (`dig -p`). */
export function destinationsOf(match: ShapeMatch): ShapeMatch['recorded']['destinations'] {
  const port = match.program.program === 'dig' ? match.options.get('-p')?.[0] : undefined;
  if (port === undefined) return match.recorded.destinations;
  return match.recorded.destinations.map((d) =>
    d.dest.role === 'dns-server' ? { ...d, dest: { ...d.dest, port: Number(port) } } : d,
  );
}

export function applyAllowLists(
  match: ShapeMatch,
  host: string,
  risk: Risk,
  settings: AllowListSettings,
): AllowListOutcome {
  const reasons: string[] = [];
  const refuse = (why: string): AllowListOutcome => ({ refuse: why, risk: 'forbidden', reasons });

  for (const recorded of match.recorded.paths) {
    const access = fileAccessOf(match, recorded);
    if (!access) continue;
    const problem = placeProblem(recorded.path, access, settings);
    if (problem) return refuse(problem);
  }

  for (const source of buildSourcesOf(match)) {
    const problem = buildSourceProblem(source.dir, settings);
    if (problem) return refuse(problem);
  }

  if (match.program.program === 'logger') {
    const tags = match.options.get('-t') ?? [undefined];
    for (const tag of tags) {
      const problem = loggerTagProblem(tag, settings);
      if (problem) return refuse(problem);
    }
    const odd = match.operands.map(loggerMessageProblem).find((p) => p !== undefined);
    if (odd) return refuse(odd);
  }

  let personRequired: string | undefined;
  const reached = destinationsOf(match);
  if (reached.length > 0) {
    const destinations = settings.destinations ?? {
      entries: [],
      managedAddresses: [],
      serviceUrls: [],
      protectedEndpoints: [],
    };
    for (const { dest } of reached) {
      const verdict = destinationDecision(dest, destinations);
      if (verdict.ok) continue;
      if (!verdict.person) return refuse(verdict.reason);
      personRequired ??= verdict.reason;
    }
    if (personRequired) {
      risk = graverRisk(risk, 'medium');
      reasons.push(personRequired);
    }
  }

  if (match.shape.unitChange && match.units.length > 0) {
    const units = unitChangeRisk(match.shape.unitChange, match.units, host, settings);
    risk = graverRisk(risk, units.risk);
    reasons.push(units.reason);
  }
  return { risk, reasons, ...(personRequired ? { personRequired } : {}) };
}
