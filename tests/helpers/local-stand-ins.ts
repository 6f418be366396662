/**
 * Stand-in programs for this machine: scripts put first on PATH that record every call (its argv)
 * and answer as scripted. They replace programs that only exist on real hosts (systemctl,
 * nixos-rebuild, nh) and, in adversarial tests, every program a hostile command names, so a test
 * can prove that nothing was called at all.
 */
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../rig/index.js';

export interface StandInSpec {
  /** Printed on stdout (a file's contents with stdoutFile). */
  stdout?: string;
  stdoutFile?: string;
  stderr?: string;
  exitCode?: number;
  /** A raw sh body run after the call is recorded; "$@" holds the arguments. Overrides the rest. */
  script?: string;
}

export interface LocalStandIns {
  readonly binDir: string;
  readonly dir: string;
  /** Every call of one stand-in, as argv without the program name. */
  calls(name: string): string[][];
  /** Every call of every stand-in, as [program, ...args]. */
  allCalls(): string[][];
  set(name: string, spec: StandInSpec): void;
  /** Restores PATH and removes the directory. */
  remove(): void;
}

function shQuote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

/** The real tools the recorder itself uses, found before any stand-in can shadow them. */
function realTool(name: string): string {
  for (const dir of ['/usr/bin', '/bin']) if (existsSync(join(dir, name))) return join(dir, name);
  throw new Error(`${name} not found in /usr/bin or /bin`);
}

export function installLocalStandIns(specs: Record<string, StandInSpec>): LocalStandIns {
  const dir = tempDir('ai-sysadmin-standins');
  const binDir = join(dir, 'bin');
  // One file per call, named by time: concurrent calls (two processes racing) never interleave.
  const callsDir = join(dir, 'calls');
  mkdirSync(callsDir);
  mkdirSync(binDir);
  const previousPath = process.env.PATH ?? '';
  process.env.PATH = `${binDir}:${previousPath}`;

  const set = (name: string, spec: StandInSpec) => {
    const file = '"$__call"';
    const record = `__call=${shQuote(callsDir)}/$(${realTool('date')} +%s%N)-$$\n{ printf 'P%s\\0' ${shQuote(name)}; for a in "$@"; do printf 'A%s\\0' "$a"; done; printf 'E\\0'; } > ${file}.tmp && ${realTool('mv')} ${file}.tmp ${file}`;
    let body: string;
    if (spec.script !== undefined) body = spec.script;
    else {
      const out =
        spec.stdoutFile !== undefined
          ? `${realTool('cat')} ${shQuote(spec.stdoutFile)}`
          : spec.stdout !== undefined
            ? `printf '%s' ${shQuote(spec.stdout)}`
            : ':';
      const err = spec.stderr !== undefined ? `printf '%s' ${shQuote(spec.stderr)} >&2` : ':';
      body = `${out}\n${err}\nexit ${spec.exitCode ?? 0}`;
    }
    const path = join(binDir, name);
    writeFileSync(path, `#!/bin/sh\n${record}\n${body}\n`);
    chmodSync(path, 0o755);
  };
  for (const [name, spec] of Object.entries(specs)) set(name, spec);

  const allCalls = (): string[][] => {
    if (!existsSync(callsDir)) return [];
    const calls: string[][] = [];
    let current: string[] = [];
    const files = readdirSync(callsDir)
      .filter((f) => !f.endsWith('.tmp'))
      .sort();
    for (const token of files
      .map((f) => readFileSync(join(callsDir, f), 'utf8'))
      .join('')
      .split('\0')) {
      if (token.startsWith('P')) current = [token.slice(1)];
      else if (token.startsWith('A')) current.push(token.slice(1));
      else if (token === 'E') calls.push(current);
    }
    return calls;
  };
  return {
    binDir,
    dir,
    calls: (name) =>
      allCalls()
        .filter((c) => c[0] === name)
        .map((c) => c.slice(1)),
    allCalls,
    set,
    remove: () => {
      process.env.PATH = previousPath;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
