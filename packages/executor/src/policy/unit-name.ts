/**
 * systemd unit names as systemctl reads them, reduced to the name that protection rules compare:
 * `sshd.socket`, `SSHD`, `sshd@0-10.0.0.1:22.service` and `ss\x68d` all come down to base `sshd`.
 */

/** The unit types systemctl knows; a name without one of these suffixes means `.service`. */
export const UNIT_TYPES = [
  'service',
  'socket',
  'target',
  'device',
  'mount',
  'automount',
  'swap',
  'timer',
  'path',
  'slice',
  'scope',
] as const;
export type UnitType = (typeof UNIT_TYPES)[number];

/** systemd's own rule: ASCII letters, digits, `:-_.\` and `@`, at most 255 characters. */
const UNIT_NAME = /^[A-Za-z0-9:_.@\\-]{1,255}$/;

export interface UnitName {
  /** As given. */
  readonly raw: string;
  /** With the type suffix systemctl would add: `nginx` -> `nginx.service`. */
  readonly full: string;
  readonly type: UnitType;
  /** Lowercase, `\xNN` escapes decoded, type suffix and template instance removed: `getty@tty1.service` -> `getty`. */
  readonly base: string;
  /** The template instance, when there is one (`tty1` in `getty@tty1.service`). */
  readonly instance: string | undefined;
}

/** Why a word cannot be a unit operand, or undefined when it can. */
export function unitNameProblem(word: string): string | undefined {
  if (word.startsWith('/')) return 'is a path; systemctl would turn it into a mount or device unit';
  if (/[*?[\]]/.test(word)) return 'is a glob pattern; systemctl would apply it to every matching unit';
  if (!UNIT_NAME.test(word)) {
    const odd = [...word].find((ch) => !/[A-Za-z0-9:_.@\\-]/.test(ch));
    const what = odd
      ? `the character ${JSON.stringify(odd)} (U+${odd.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')})`
      : 'a bad length';
    return `is not a systemd unit name (it has ${what}; unit names are ASCII letters, digits and ":-_.\\@")`;
  }
  if (word.startsWith('-')) return 'starts with "-"';
  return undefined;
}

export function parseUnitName(word: string): UnitName {
  const dot = word.lastIndexOf('.');
  const suffix = dot > 0 ? word.slice(dot + 1).toLowerCase() : '';
  const typed = (UNIT_TYPES as readonly string[]).includes(suffix);
  const type = (typed ? suffix : 'service') as UnitType;
  const stem = typed ? word.slice(0, dot) : word;
  const decoded = decodeEscapes(stem).toLowerCase();
  const at = decoded.indexOf('@');
  return {
    raw: word,
    full: typed ? word : `${word}.service`,
    type,
    base: at >= 0 ? decoded.slice(0, at) : decoded,
    instance: at >= 0 ? decoded.slice(at + 1) : undefined,
  };
}

/** systemd-escape's `\xNN`, decoded so an escaped name cannot pass for a different one. */
function decodeEscapes(text: string): string {
  return text.replace(/\\x([0-9a-fA-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}
