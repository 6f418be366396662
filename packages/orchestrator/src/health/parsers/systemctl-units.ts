/**
 * `systemctl list-units` output: the JSON array newer systemd prints for `--output=json`, or the
 * table older systemd prints whatever -o says (it then reads -o as a journal output mode). The
 * table may carry a `●` (or `*`) before a failed unit, a legend and a count after, and pager
 * truncation marks (` >`) at the end of cut lines; none of that is taken for a unit.
 */
import { type SystemdUnit, systemdUnitSchema } from '@ai-sysadmin/core';
import { z } from 'zod';
import { ToolOutputError } from '../../errors/tool-output-error.js';

export interface SystemctlUnits {
  units: SystemdUnit[];
  format: 'json' | 'text';
}

/** One row of systemd's JSON table output: the column names, lower-cased. */
const jsonRowSchema = z.looseObject({
  unit: z.string().min(1),
  load: z.string().default(''),
  active: z.string().default(''),
  sub: z.string().default(''),
  description: z.string().default(''),
});

export function parseSystemctlUnits(text: string): SystemctlUnits {
  const trimmed = text.trim();
  if (trimmed.startsWith('[')) return { units: parseJson(trimmed), format: 'json' };
  return { units: parseTable(text), format: 'text' };
}

/** The units whose activation failed, from any list-units output. */
export function failedUnits(units: readonly SystemdUnit[]): SystemdUnit[] {
  return units.filter((u) => u.active === 'failed' || u.sub === 'failed');
}

function parseJson(text: string): SystemdUnit[] {
  let rows: unknown;
  try {
    rows = JSON.parse(text);
  } catch (error) {
    throw new ToolOutputError('systemctl', `the JSON does not parse (${(error as Error).message})`);
  }
  const parsed = z.array(jsonRowSchema).safeParse(rows);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ToolOutputError('systemctl', `row ${issue.path.join('.')}: ${issue.message}`);
  }
  return parsed.data.map((row) =>
    systemdUnitSchema.parse({
      unit: row.unit,
      load: row.load,
      active: row.active,
      sub: row.sub,
      description: row.description,
    }),
  );
}

const LEGEND = /^(LOAD|ACTIVE|SUB|JOB)\s+=/;
const FOOTER = /^(\d+ (loaded )?units? listed|To show all installed unit files|Pass --all to see)/;

function parseTable(text: string): SystemdUnit[] {
  const units: SystemdUnit[] = [];
  for (const rawLine of text.split(/\r?\n/)) {
    // A pager that chops long lines marks them with a trailing '>'.
    const line = rawLine
      .replace(/\s+>$/, '')
      .replace(/^\s*[●*]\s*/u, '')
      .trim();
    if (line === '' || LEGEND.test(line) || FOOTER.test(line)) continue;
    if (/^UNIT\s+LOAD\s+ACTIVE\s+SUB\b/.test(line)) continue;
    const words = line.split(/\s+/);
    if (words.length < 4) continue;
    const [unit, load, active, sub, ...rest] = words as [string, string, string, string, ...string[]];
    if (!/\.[a-z]+$/.test(unit)) continue;
    units.push(systemdUnitSchema.parse({ unit, load, active, sub, description: rest.join(' ') }));
  }
  return units;
}
