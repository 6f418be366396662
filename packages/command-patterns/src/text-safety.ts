/**
 * Character checks shared by the argv model and the command-line parser. An argument can hold any
 * character a process can receive; a typed command line is held to what a person can see.
 */

/** Why a string cannot be an argument at all, or undefined when it can. */
export function argumentProblem(arg: string): string | undefined {
  const nul = arg.indexOf('\0');
  if (nul >= 0) return `contains a NUL byte at position ${nul} (a process argument cannot hold one)`;
  const surrogate = loneSurrogateIndex(arg);
  if (surrogate >= 0)
    return `is not valid Unicode text (a lone surrogate at position ${surrogate}; was it decoded from non-UTF-8 bytes?)`;
  return undefined;
}

/** Characters a typed command line may not hold, because a person reading it would not see them for what they are. */
export function invisibleCharacterProblem(text: string): { index: number; reason: string } | undefined {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0) return { index: i, reason: 'a NUL byte' };
    if (code === 0x0a || code === 0x0d)
      return { index: i, reason: 'a newline (one command per line; command lists are never run)' };
    if ((code < 0x20 && code !== 0x09) || code === 0x7f || (code >= 0x80 && code < 0xa0)) {
      return { index: i, reason: `the control character ${codePoint(code)}` };
    }
    if (code === 0xfffd) return { index: i, reason: 'U+FFFD, the mark of text that was not valid UTF-8' };
    if (INVISIBLE.has(code)) return { index: i, reason: `the invisible or look-alike character ${codePoint(code)}` };
    if (code >= 0xd800 && code <= 0xdfff) {
      const pair = code <= 0xdbff && i + 1 < text.length && isLow(text.charCodeAt(i + 1));
      if (!pair) return { index: i, reason: 'a lone surrogate (text that was not valid UTF-8)' };
      i++;
    }
  }
  return undefined;
}

/** Spaces that are not spaces to a shell, zero-width characters and bidirectional controls. */
const INVISIBLE = new Set([
  0x00a0,
  0x00ad,
  0x034f,
  0x061c,
  0x115f,
  0x1160,
  0x1680,
  0x17b4,
  0x17b5,
  0x180e,
  ...range(0x2000, 0x200f),
  ...range(0x2028, 0x202f),
  ...range(0x205f, 0x206f),
  0x3000,
  0x3164,
  0xfeff,
  0xffa0,
]);

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

function isLow(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

function loneSurrogateIndex(text: string): number {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff) {
      if (i + 1 < text.length && isLow(text.charCodeAt(i + 1))) i++;
      else return i;
    } else if (isLow(code)) return i;
  }
  return -1;
}

export function codePoint(code: number): string {
  return `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
}
