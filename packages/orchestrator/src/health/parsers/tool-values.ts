/**
 * Reading numbers out of tool output. Drivers say "not known" in many ways (`[N/A]`,
 * `[Not Supported]`, `N/A`, `[Requested functionality has been deprecated]`, an empty cell);
 * every one of them becomes null, never 0, so a missing figure is never mistaken for a reading.
 */

const PLAIN_NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** A number with an optional unit after it (`38 %`, `7979 MiB`, `30.37 W`, `(300Mhz)`); anything else is null. */
export function numberOrNull(raw: string | undefined | null): number | null {
  if (raw === undefined || raw === null) return null;
  let text = raw.trim();
  if (text === '' || /^\[.*\]$/.test(text) || /^n\/?a$/i.test(text) || /not supported/i.test(text)) return null;
  text = text.replace(/^\((.*)\)$/, '$1').trim();
  const match = /^([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)\s*(?:%|[A-Za-z]+|°C)?$/.exec(text);
  if (!match || !PLAIN_NUMBER.test(match[1]!)) return null;
  const value = Number(match[1]);
  return Number.isFinite(value) ? value : null;
}

/** Rounds a derived figure (bytes to MiB, microwatts to watts) to two decimals, keeping null. */
export function round2(value: number | null): number | null {
  return value === null ? null : Math.round(value * 100) / 100;
}
