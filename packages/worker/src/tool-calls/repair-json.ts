/**
 * Makes JSON from a model's almost-JSON, but only where there is one possible reading:
 * a code fence or <tool_call> tags around it, trailing commas, Python's True/False/None,
 * brackets left open at the very end (the model stopped early), a closing bracket that closes
 * nothing. Anything else (a string cut off, single quotes, a missing comma, a bracket that
 * could close either of two) is ambiguous and refused with the reason.
 */
import { errorMessage } from '@ai-sysadmin/core';

export type RepairResult = { ok: true; value: unknown; repaired: boolean } | { ok: false; reason: string };

export function repairJson(raw: string): RepairResult {
  try {
    return { ok: true, value: JSON.parse(raw), repaired: false };
  } catch (error) {
    const first = errorMessage(error);
    const fixed = fixUnambiguous(unwrap(raw));
    if (!fixed.ok) return { ok: false, reason: `${fixed.reason} (${first})` };
    try {
      return { ok: true, value: JSON.parse(fixed.text), repaired: true };
    } catch (second) {
      return { ok: false, reason: `not valid JSON and no unambiguous repair: ${errorMessage(second)}` };
    }
  }
}

function unwrap(raw: string): string {
  let text = raw.trim();
  const fence = /^```(?:json)?\s*\n?([\s\S]*?)\n?```$/.exec(text);
  if (fence) text = fence[1]!.trim();
  const tags = /^<tool_call>\s*([\s\S]*?)\s*(?:<\/tool_call>)?$/.exec(text);
  if (tags) text = tags[1]!.trim();
  return text;
}

function fixUnambiguous(text: string): { ok: true; text: string } | { ok: false; reason: string } {
  const out: string[] = [];
  const open: Array<'{' | '['> = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '"') {
      const end = endOfString(text, i);
      if (end === -1) return { ok: false, reason: 'a string is cut off' };
      out.push(text.slice(i, end + 1));
      i = end + 1;
      continue;
    }
    if (c === "'") return { ok: false, reason: 'single-quoted strings are ambiguous' };
    if (c === '{' || c === '[') {
      open.push(c);
      out.push(c);
      i++;
      continue;
    }
    if (c === '}' || c === ']') {
      const wanted = c === '}' ? '{' : '[';
      if (open[open.length - 1] === wanted) {
        dropTrailingComma(out);
        open.pop();
        out.push(c);
      } else if (!open.includes(wanted)) {
        // Closes nothing that is open: the only reading is without it.
      } else {
        return { ok: false, reason: `"${c}" would close a bracket with another still open inside it` };
      }
      i++;
      continue;
    }
    const word = /^(True|False|None)\b/.exec(text.slice(i, i + 6));
    if (word && !/\w/.test(text[i - 1] ?? '')) {
      out.push(word[1] === 'True' ? 'true' : word[1] === 'False' ? 'false' : 'null');
      i += word[1]!.length;
      continue;
    }
    out.push(c);
    i++;
  }
  dropTrailingComma(out);
  while (open.length) out.push(open.pop() === '{' ? '}' : ']');
  return { ok: true, text: out.join('') };
}

/** Index of the closing quote of the string starting at `start`, or -1. */
function endOfString(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') return i;
  }
  return -1;
}

function dropTrailingComma(out: string[]): void {
  for (let k = out.length - 1; k >= 0; k--) {
    if (/^\s+$/.test(out[k]!)) continue;
    if (out[k] === ',') out.splice(k, 1);
    return;
  }
}
