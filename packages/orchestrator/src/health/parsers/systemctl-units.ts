/**
 * `systemctl list-units` output: the JSON array newer systemd prints for `--output=json`, or the
 * table older systemd prints whatever -o says (it then reads -o as a journal output mode). The
 * table may carry a `●` (or `*`) before a failed unit, a legend and a count after, and pager
 * truncation marks (` >`) at the end of cut lines; none of that is taken for a unit. Anything
 * else (control characters, text that is neither a unit row nor one of those remarks) is output
 * that cannot be read, never "no failed units".
 */
import { type SystemdUnit, systemdUnitSchema } from '@ai-sysadmin/core';
import { z } from 'zod';
import { ToolOutputError } from '../../errors/tool-output-error.js';
import { firstContentLine, hasControlCharacters, visible } from './visible-text.js';

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

export function parseSystemctlUnits(text: string, options: { host?: string } = {}): SystemctlUnits {
  const fail = (problem: string) => new ToolOutputError('systemctl', problem, options);
  // The table's ● mark is the one character outside plain text systemctl prints (colours are off).
  if (hasControlCharacters(text)) throw fail(`it holds control characters ("${visible(firstContentLine(text))}")`);
  const trimmed = text.trim();
  if (trimmed.startsWith('[')) return { units: parseJson(trimmed, fail), format: 'json' };
  return { units: parseTable(text, fail), format: 'text' };
}

/** The units whose activation failed, from any list-units output. */
export function failedUnits(units: readonly SystemdUnit[]): SystemdUnit[] {
  return units.filter((u) => u.active === 'failed' || u.sub === 'failed');
}

type Fail = (problem: string) => ToolOutputError;

function parseJson(text: string, fail: Fail): SystemdUnit[] {
  let rows: unknown;
  try {
    rows = JSON.parse(text);
  } catch (error) {
    throw fail(`the JSON does not parse (${(error as Error).message})`);
  }
  const parsed = z.array(jsonRowSchema).safeParse(rows);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw fail(`row ${issue.path.join('.')}: ${issue.message}`);
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
const FOOTER = /^(\S+ (loaded )?units? listed|To show all installed unit files|Pass --all to see)/;

function parseTable(text: string, fail: Fail): SystemdUnit[] {
  const units: SystemdUnit[] = [];
  const unreadable: string[] = [];
  for (const rawLine of text.split(/\r?\n/)) {
    // A pager that chops long lines marks them with a trailing '>'.
    const line = rawLine
      .replace(/\s+>$/, '')
      .replace(/^\s*[●*]\s*/u, '')
      .trim();
    if (line === '' || LEGEND.test(line) || FOOTER.test(line)) continue;
    if (/^UNIT\s+LOAD\s+ACTIVE\s+SUB\b/.test(line)) continue;
    const words = line.split(/\s+/);
    const [unit = '', load, active, sub, ...rest] = words;
    if (words.length < 4 || !UNIT_NAME.test(unit)) {
      unreadable.push(line);
      continue;
    }
    units.push(systemdUnitSchema.parse({ unit, load, active, sub, description: rest.join(' ') }));
  }
  if (unreadable.length)
    throw fail(
      `${unreadable.length} line(s) are neither a unit nor one of systemctl's own remarks (the first: "${visible(unreadable[0]!)}")`,
    );
  return units;
}

/** A unit name with its type suffix (`nginx.service`, `dev-sda1.device`, `user@1000.service`). */
const UNIT_NAME = /^[^\s/]+\.(service|socket|target|device|mount|automount|swap|timer|path|slice|scope)$/;
