/**
 * Stand-ins for programs that only exist on real hosts (systemctl, journalctl, nvidia-smi,
 * nixos-rebuild...): small sh scripts that replay recorded output, chosen by their arguments, and
 * log every call so a test can see exactly what was run.
 */
import { chmodSync, mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { quoteArg as shellQuote } from '@ai-sysadmin/command-patterns';

export const REPO_ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));

export interface StandInOutput {
  stdout?: string;
  /** A recorded output file, absolute or relative to the repository root. */
  stdoutFile?: string;
  stderr?: string;
  exitCode?: number;
  /** Seconds to wait before answering (a slow or hanging tool). */
  sleepSec?: number;
}

export type StandInSpec =
  | StandInOutput
  /** The first case whose `args` (an extended regex) matches the arguments joined by spaces answers. */
  | { cases: Array<StandInOutput & { args: string }>; default?: StandInOutput }
  /** A raw sh body; "$@" holds the arguments. */
  | { script: string };

const ARG_SEPARATOR = '\x1f';
const CALL_END = '\x1e\n';

/** Writes `<binDir>/<name>`; calls are logged to `<callsDir>/<name>.log`. */
export function writeStandIn(binDir: string, callsDir: string, name: string, spec: StandInSpec): void {
  mkdirSync(binDir, { recursive: true });
  mkdirSync(callsDir, { recursive: true });
  const outputsDir = join(binDir, '.outputs');
  mkdirSync(outputsDir, { recursive: true });
  const log = join(callsDir, `${name}.log`);
  let counter = 0;
  const answer = (output: StandInOutput): string => {
    const lines: string[] = [];
    if (output.sleepSec) lines.push(`sleep ${output.sleepSec}`);
    if (output.stdoutFile !== undefined) {
      const file = isAbsolute(output.stdoutFile) ? output.stdoutFile : join(REPO_ROOT, output.stdoutFile);
      if (!existsSync(file)) throw new Error(`stand-in ${name}: no such fixture ${file}`);
      lines.push(`cat ${shellQuote(file)}`);
    }
    if (output.stdout !== undefined) {
      const file = join(outputsDir, `${name}.${counter++}.out`);
      writeFileSync(file, output.stdout);
      lines.push(`cat ${shellQuote(file)}`);
    }
    if (output.stderr !== undefined) {
      const file = join(outputsDir, `${name}.${counter++}.err`);
      writeFileSync(file, output.stderr);
      lines.push(`cat ${shellQuote(file)} >&2`);
    }
    lines.push(`exit ${output.exitCode ?? 0}`);
    return lines.join('\n');
  };

  let body: string;
  if ('script' in spec) {
    body = spec.script;
  } else if ('cases' in spec) {
    const branches = spec.cases.map(
      (c) => `if printf '%s' "$*" | grep -Eq -- ${shellQuote(c.args)}; then\n${answer(c)}\nfi`,
    );
    body = [...branches, answer(spec.default ?? { stderr: `${name}: unexpected arguments\n`, exitCode: 1 })].join('\n');
  } else {
    body = answer(spec);
  }
  const script = [
    '#!/bin/sh',
    `for a in "$@"; do printf '%s\\037' "$a"; done >> ${shellQuote(log)}`,
    `printf '\\036\\n' >> ${shellQuote(log)}`,
    body,
    '',
  ].join('\n');
  const path = join(binDir, name);
  writeFileSync(path, script);
  chmodSync(path, 0o755);
}

/** The argv of every call a stand-in received, oldest first. */
export function standInCalls(callsDir: string, name: string): string[][] {
  let text: string;
  try {
    text = readFileSync(join(callsDir, `${name}.log`), 'utf8');
  } catch {
    return [];
  }
  return text
    .split(CALL_END)
    .filter((record, i, all) => i < all.length - 1 || record !== '')
    .map((record) => (record === '' ? [] : record.split(ARG_SEPARATOR).slice(0, -1)));
}
