/**
 * Tool output quoted in a reason a person reads: control characters (a terminal would act on
 * them) shown as \xNN escapes, cut to a line.
 */

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

export function visible(text: string, max = 80): string {
  const shown = [...text]
    .map((c) => (CONTROL.test(c) ? `\\x${c.codePointAt(0)!.toString(16).padStart(2, '0')}` : c))
    .join('');
  return shown.length > max ? `${shown.slice(0, max - 3)}...` : shown;
}

/** Whether the text holds a control character other than tab and line ends. */
export function hasControlCharacters(text: string): boolean {
  return CONTROL.test(text.replace(/[\t\r\n]/g, ''));
}

/** The first line that is not blank, or ''. */
export function firstContentLine(text: string): string {
  return text.split(/\r?\n/).find((line) => line.trim() !== '') ?? '';
}
