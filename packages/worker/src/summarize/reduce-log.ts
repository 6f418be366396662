/**
 * The deterministic first pass over a large output, before any LLM sees it. Lines are grouped
 * by template (numbers, ids, hex, paths, addresses and times masked); each template keeps its
 * count, first and last time and one real example. Exact duplicates are folded. The first and
 * last lines are kept as they are. The rendering is bounded by a token budget: when everything
 * does not fit, templates are kept by severity (errors, then warnings), then by how many lines
 * they explain, and the rest is counted in a closing line. A log small enough to fit whole is
 * passed through as it is.
 */
import { type Severity, parseLogLine, severityFromWords } from './log-line.js';
import { maskTemplate } from './mask-template.js';
import { CHARS_PER_TOKEN, estimateTokens } from '@ai-sysadmin/core';

export interface ReduceLogOptions {
  /** Upper bound of `text`, in estimated tokens (default 6000). */
  tokenBudget?: number;
  /** Lines kept verbatim from the start and the end (default 5 each). */
  headLines?: number;
  tailLines?: number;
  /** Longer lines are cut, in examples and head and tail alike (default 300 characters). */
  maxLineChars?: number;
}

export interface LogTemplate {
  /** The message with its variable parts masked. */
  template: string;
  count: number;
  /** Different messages (after masking nothing) that fell into this template, counted up to 100. */
  distinct: number;
  /** 1-based line numbers of the first and last occurrence. */
  firstLine: number;
  lastLine: number;
  firstTime: string | undefined;
  lastTime: string | undefined;
  /** The first occurrence, without its timestamp. */
  example: string;
  severity: Severity;
}

export interface ReducedLog {
  lines: number;
  /** Lines that repeat an earlier line exactly, timestamp included. */
  exactDuplicates: number;
  firstTime: string | undefined;
  lastTime: string | undefined;
  /** Every template, in order of first appearance. */
  templates: LogTemplate[];
  /** How many of them `text` shows, and the lines the others account for. */
  shownTemplates: number;
  omittedTemplates: number;
  omittedLines: number;
  /** Whether `text` is the log itself (it fit the budget) rather than its templates. */
  verbatim: boolean;
  /** What goes to the LLM. */
  text: string;
  /** estimateTokens(text), never above the budget. */
  tokens: number;
}

const DISTINCT_CAP = 100;
const TEMPLATES_HEADING =
  'Templates in order of first appearance (E error, W warning; count, first .. last time, one example):';
const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };
const SEVERITY_MARK: Record<Severity, string> = { error: 'E', warning: 'W', info: ' ' };

interface Group {
  template: LogTemplate;
  bodies: Set<string> | undefined;
}

export function reduceLog(input: readonly string[], options: ReduceLogOptions = {}): ReducedLog {
  const budget = options.tokenBudget ?? 6000;
  const headCount = options.headLines ?? 5;
  const tailCount = options.tailLines ?? 5;
  const maxLineChars = options.maxLineChars ?? 300;

  const groups = new Map<string, Group>();
  const seen = new Set<string>();
  const head: string[] = [];
  const tail: string[] = [];
  let lines = 0;
  let exactDuplicates = 0;
  let chars = 0;
  let firstTime: string | undefined;
  let lastTime: string | undefined;

  for (const raw of input) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    lines++;
    chars += line.length + 1;
    if (seen.has(line)) exactDuplicates++;
    else seen.add(line);

    const parsed = parseLogLine(line);
    // A journal JSON line is shown as the time and the message it holds, not as its JSON.
    const shown = line.startsWith('{') && parsed.body !== line ? `${parsed.time ?? ''} ${parsed.body}`.trim() : line;
    if (head.length < headCount) head.push(shown);
    if (tailCount > 0) {
      tail.push(shown);
      if (tail.length > tailCount) tail.shift();
    }
    if (parsed.time !== undefined) {
      firstTime ??= parsed.time;
      lastTime = parsed.time;
    }
    const key = maskTemplate(parsed.body);
    const group = groups.get(key);
    if (group) {
      const t = group.template;
      t.count++;
      t.lastLine = lines;
      if (parsed.time !== undefined) {
        t.firstTime ??= parsed.time;
        t.lastTime = parsed.time;
      }
      if (parsed.severity && SEVERITY_RANK[parsed.severity] < SEVERITY_RANK[t.severity]) t.severity = parsed.severity;
      if (group.bodies && !group.bodies.has(parsed.body)) {
        group.bodies.add(parsed.body);
        t.distinct = group.bodies.size;
        if (group.bodies.size >= DISTINCT_CAP) group.bodies = undefined;
      }
    } else {
      groups.set(key, {
        template: {
          template: key,
          count: 1,
          distinct: 1,
          firstLine: lines,
          lastLine: lines,
          firstTime: parsed.time,
          lastTime: parsed.time,
          example: parsed.body,
          severity: parsed.severity ?? severityFromWords(key),
        },
        bodies: new Set([parsed.body]),
      });
    }
  }

  const templates = [...groups.values()].map((g) => g.template);
  const base = { lines, exactDuplicates, firstTime, lastTime, templates };

  // Small enough to read whole: nothing to reduce.
  if (Math.ceil(chars / CHARS_PER_TOKEN) <= budget + 1) {
    const whole = input.map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l)).join('\n');
    if (estimateTokens(whole) <= budget) {
      return {
        ...base,
        shownTemplates: templates.length,
        omittedTemplates: 0,
        omittedLines: 0,
        verbatim: true,
        text: whole,
        tokens: estimateTokens(whole),
      };
    }
  }
  return { ...base, ...renderWithinBudget(base, head, tail, budget, maxLineChars), verbatim: false };
}

function renderWithinBudget(
  log: Pick<ReducedLog, 'lines' | 'exactDuplicates' | 'firstTime' | 'lastTime' | 'templates'>,
  head: string[],
  tail: string[],
  budget: number,
  maxLineChars: number,
): Pick<ReducedLog, 'shownTemplates' | 'omittedTemplates' | 'omittedLines' | 'text' | 'tokens'> {
  const cut = (line: string) => (line.length > maxLineChars ? `${line.slice(0, maxLineChars)}…` : line);
  const span = log.firstTime ? `, ${log.firstTime} .. ${log.lastTime}` : '';
  const header =
    `Log of ${log.lines} lines${span}; ${log.exactDuplicates} exact duplicate lines folded; ` +
    `${log.templates.length} message templates (numbers, ids, hex, paths and times masked).`;
  const templateLine = (t: LogTemplate) => {
    const first = compactTime(t.firstTime);
    const last = compactTime(t.lastTime);
    const when = first === undefined ? '' : t.count > 1 && last !== first ? ` [${first} .. ${last}]` : ` [${first}]`;
    const variants = t.count === 1 ? '' : t.distinct === 1 ? ' (identical)' : '';
    return `${SEVERITY_MARK[t.severity]} x${t.count}${when}${variants} ${cut(t.example)}`;
  };

  // Head and tail, shortened when they alone would take more than a third of the budget.
  let headShown = foldRepeats(head.map(cut));
  let tailShown = foldRepeats(tail.map(cut));
  while (
    headShown.length + tailShown.length > 0 &&
    estimateTokens([...headShown, ...tailShown].join('\n')) > budget / 3
  ) {
    if (tailShown.length >= headShown.length) tailShown = tailShown.slice(1);
    else headShown = headShown.slice(0, -1);
  }

  const ranked = [...log.templates].sort(
    (a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || b.count - a.count || a.firstLine - b.firstLine,
  );
  const fixed = [
    header,
    headShown.length ? `First lines:\n${headShown.join('\n')}` : '',
    TEMPLATES_HEADING,
    tailShown.length ? `Last lines:\n${tailShown.join('\n')}` : '',
    omittedLine(log.templates.length, log.lines, log.templates),
  ].join('\n');
  let room = budget - estimateTokens(fixed) - 2;
  const chosen: LogTemplate[] = [];
  for (const t of ranked) {
    const cost = estimateTokens(templateLine(t)) + 1;
    if (cost <= room) {
      chosen.push(t);
      room -= cost;
    }
  }
  chosen.sort((a, b) => a.firstLine - b.firstLine);
  const omitted = log.templates.length - chosen.length;
  const omittedLines = log.lines - chosen.reduce((n, t) => n + t.count, 0);
  const parts = [header];
  if (headShown.length) parts.push(`First lines:\n${headShown.join('\n')}`);
  if (chosen.length) {
    parts.push(TEMPLATES_HEADING);
    parts.push(chosen.map(templateLine).join('\n'));
  }
  if (tailShown.length) parts.push(`Last lines:\n${tailShown.join('\n')}`);
  if (omitted > 0)
    parts.push(
      omittedLine(
        omitted,
        omittedLines,
        log.templates.filter((t) => !chosen.includes(t)),
      ),
    );
  let text = parts.join('\n');
  // The header alone can exceed a tiny budget; the budget is a promise, so cut.
  if (estimateTokens(text) > budget) text = text.slice(0, budget * CHARS_PER_TOKEN);
  return { shownTemplates: chosen.length, omittedTemplates: omitted, omittedLines, text, tokens: estimateTokens(text) };
}

function omittedLine(templates: number, lines: number, omitted: LogTemplate[]): string {
  const bySeverity = (s: Severity) => omitted.filter((t) => t.severity === s).length;
  return (
    `Not shown: ${templates} templates covering ${lines} lines (${bySeverity('error')} error, ${bySeverity('warning')} warning, ` +
    `${bySeverity('info')} info templates); the full log is kept and can be read by page.`
  );
}

/** A time as short as a template line needs it: to the second, without the zone (the header has them). */
function compactTime(time: string | undefined): string | undefined {
  if (time === undefined) return undefined;
  const iso = /^(\d{4}-\d\d-\d\d)[T ](\d\d:\d\d:\d\d)/.exec(time);
  if (iso) return `${iso[1]} ${iso[2]}`;
  return time.replace(/^([A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d)\.\d+$/, '$1');
}

/** Consecutive identical lines become one line and a count. */
function foldRepeats(lines: string[]): string[] {
  const out: string[] = [];
  let repeats = 0;
  lines.forEach((line, i) => {
    if (i > 0 && line === lines[i - 1]) {
      repeats++;
      return;
    }
    if (repeats) out.push(`(previous line repeated ${repeats} more time${repeats === 1 ? '' : 's'})`);
    repeats = 0;
    out.push(line);
  });
  if (repeats) out.push(`(previous line repeated ${repeats} more time${repeats === 1 ? '' : 's'})`);
  return out;
}
