/**
 * The built `ai-sysadmin` binary as a person runs it, without blocking the test process (whose
 * daemon must keep answering): through a pipe (`runCliAsync`), or in a real terminal (`Tmux`:
 * tmux's own pseudo-terminal, driven with send-keys and read with capture-pane).
 */
import { execFileSync, spawn } from 'node:child_process';
import { BIN } from './daemon-process.js';
import { waitUntil } from '../rig/index.js';

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function runCliAsync(
  args: string[],
  options: { env?: NodeJS.ProcessEnv; input?: string; timeoutMs?: number; argv0?: string[] } = {},
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const command = options.argv0 ?? [process.execPath, BIN];
    const child = spawn(command[0]!, [...command.slice(1), ...args], {
      env: { ...process.env, AI_SYSADMIN_CONFIG: '', NO_COLOR: '', FORCE_COLOR: '', ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(options.input ?? '');
  });
}

/** ESC, as any colour, cursor or erase sequence begins. */
export const ESCAPE = '\x1b';

let sessions = 0;

/** One tmux session running one command in a terminal of 160x50. */
export class Tmux {
  readonly name = `aisys${process.pid}-${++sessions}`;
  private closed = false;

  constructor(command: string, env: Record<string, string> = {}) {
    const exports = Object.entries(env)
      .map(([k, v]) => `${k}=${shellQuote(v)}`)
      .join(' ');
    execFileSync('tmux', [
      'new-session',
      '-d',
      '-s',
      this.name,
      '-x',
      '160',
      '-y',
      '50',
      `env ${exports} ${command}; echo "[exit $?]"; sleep 600`,
    ]);
  }

  /** Keys as tmux names them (`C-c`, `Enter`), or literal text with `literal`. */
  send(keys: string, literal = false): void {
    execFileSync('tmux', ['send-keys', '-t', this.name, ...(literal ? ['-l'] : []), keys]);
  }

  type(line: string): void {
    this.send(line, true);
    this.send('Enter');
  }

  /** The screen and its scrollback; with `escapes`, colours and attributes as escape sequences. */
  screen(escapes = false): string {
    return execFileSync(
      'tmux',
      ['capture-pane', '-p', '-J', '-S', '-500', ...(escapes ? ['-e'] : []), '-t', this.name],
      {
        encoding: 'utf8',
      },
    );
  }

  async waitFor(what: string | RegExp, timeoutMs = 30_000): Promise<string> {
    let screen = '';
    await waitUntil(
      `the terminal to show ${String(what)}`,
      () => {
        screen = this.screen();
        return typeof what === 'string' ? screen.includes(what) : what.test(screen);
      },
      timeoutMs,
    ).catch((error: Error) => {
      throw new Error(`${error.message}\n--- screen ---\n${screen}`);
    });
    return screen;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      execFileSync('tmux', ['kill-session', '-t', this.name], { stdio: 'ignore' });
    } catch {
      // gone already
    }
  }
}

export function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}
